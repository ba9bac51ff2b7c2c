package dev.safeflow.auditor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.safeflow.auditor.screen.ScreenerRegistry;
import dev.safeflow.schemas.config.ConfigException;
import dev.safeflow.schemas.config.ConfigKey;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ScreenerRegistryTest {
    @Test
    void everyScreenerDeclaresItsOwnKeysUnderItsName() {
        Set<String> seen = new HashSet<>();
        for (ScreenerRegistry.Entry e : ScreenerRegistry.entries()) {
            for (ConfigKey<?> k : e.keys()) {
                assertTrue(k.name().startsWith("auditor." + e.name() + "."), k.name() + " is not under auditor." + e.name());
                assertTrue(seen.add(k.name()), "declared twice: " + k.name());
            }
        }
        assertEquals(List.of("text", "hidden-state", "rules", "embedding"), ScreenerRegistry.names());
    }

    @Test
    void anUnknownScreenerInConfigurationIsRefusedWithTheValidNames() {
        var e = assertThrows(ConfigException.class, () -> TestSettings.of("auditor.screeners", "text,probe"));
        assertTrue(e.getMessage().contains("auditor.screeners") && e.getMessage().contains("text, hidden-state, rules, embedding"),
            e.getMessage());
    }

    @Test
    void theHiddenStateScreenerWithoutAModelSaysWhichKeyToSet() {
        var e = assertThrows(IllegalArgumentException.class,
            () -> ScreenerRegistry.cascade(List.of("hidden-state"), TestSettings.of()));
        assertTrue(e.getMessage().contains("auditor.hidden-state.model"), e.getMessage());
    }
}
