package dev.safeflow.auditor;

import dev.safeflow.schemas.config.ConfigLoader;
import dev.safeflow.schemas.config.Settings;
import java.util.HashMap;
import java.util.Map;

/** The auditor's configuration as a user would write it: declared defaults plus the given overrides. */
public final class TestSettings {
    private TestSettings() {
    }

    public static Settings of(String... keyValues) {
        Map<String, String> flags = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            flags.put(keyValues[i], keyValues[i + 1]);
        }
        return ConfigLoader.load(AuditorConfig.spec(), null, Map.of(), flags);
    }
}
