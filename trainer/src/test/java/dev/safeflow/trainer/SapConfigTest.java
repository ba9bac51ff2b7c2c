package dev.safeflow.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.safeflow.schemas.config.ConfigException;
import dev.safeflow.schemas.config.ConfigLoader;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SapConfigTest {

    @Test
    void aValueOutsideItsKeysRuleIsRefusedWithTheKeysSentenceWhereverItComesFrom() {
        var direct = assertThrows(IllegalArgumentException.class, () -> SapConfig.defaults().with(-1, 0.05));
        assertEquals("trainer.sap.grad-rate must be 0 or more, got -1.0", direct.getMessage());
        var layers = assertThrows(IllegalArgumentException.class, () -> SapConfig.defaults().withProbeLayers(List.of(-2)));
        assertTrue(layers.getMessage().startsWith("trainer.sap.probe-layers must be layer numbers"), layers.getMessage());
        var every = assertThrows(IllegalArgumentException.class,
                () -> SapConfig.defaults().withVariant(SapConfig.Variant.REFERENCE, 0));
        assertEquals("trainer.sap.direction-every must be at least 1, got 0", every.getMessage());
        var loaded = assertThrows(ConfigException.class, () -> ConfigLoader.load(TrainerConfig.spec(), null, Map.of(),
                Map.of("trainer.sap.grad-rate", "-1")));
        assertTrue(loaded.getMessage().contains("trainer.sap.grad-rate") && loaded.getMessage().contains("0 or more"),
                loaded.getMessage());
    }

    @Test
    void variantsParseByTheirIdsAndKeepTheConfigHash() {
        assertEquals(SapConfig.Variant.RANDOM_DIRECTION, SapConfig.Variant.parse("Random-Direction"));
        var e = assertThrows(IllegalArgumentException.class, () -> SapConfig.Variant.parse("dpo"));
        assertEquals("not one of reference, paper, random-direction", e.getMessage());
        assertEquals("sap-paper", TrainingConfig.defaults().withSap(SapConfig.defaults()
                .withVariant(SapConfig.Variant.PAPER, 1)).methodName());
        // The id, not the constant's name, goes into the hash, so checkpoints written before the enum still resume.
        assertTrue(SapConfig.defaults().toString().contains("variant=reference,"), SapConfig.defaults().toString());
        assertEquals(SapConfig.Variant.REFERENCE, TrainerConfig.training(ConfigLoader.load(TrainerConfig.spec(), null,
                Map.of(), Map.of())).sap().variant());
    }

    @Test
    void probePrecisionIsFloat32Float64OrAutoAndFloat32KeepsTheHashOfCheckpointsWrittenBeforeTheKey() {
        var e = assertThrows(ConfigException.class, () -> ConfigLoader.load(TrainerConfig.spec(), null, Map.of(),
                Map.of("trainer.sap.probe-precision", "bfloat16")));
        assertTrue(e.getMessage().contains("trainer.sap.probe-precision"), e.getMessage());
        var loaded = TrainerConfig.training(ConfigLoader.load(TrainerConfig.spec(), null, Map.of(),
                Map.of("trainer.sap.probe-precision", "float64")));
        assertTrue(loaded.sap().float64Probe());
        SapConfig d = SapConfig.defaults();
        assertEquals("SapConfig[variant=reference, gradRate=2.0E-5, temperature=1.0, probeLr=0.05, directionEvery=1, "
                + "paperBeta=0.05, probeLayers=[]]", d.toString(), "the text the hash was taken from before the key");
        assertTrue(d.withProbePrecision(SapConfig.FLOAT64).toString().endsWith(", probePrecision=float64]"));
        var direct = assertThrows(IllegalArgumentException.class, () -> d.withProbePrecision("float16"));
        assertEquals("trainer.sap.probe-precision must be float32, float64 or auto, got float16", direct.getMessage());
        assertTrue(d.withProbePrecision(SapConfig.AUTO).autoProbe());
        assertTrue(d.withProbePrecision(SapConfig.AUTO).toString().endsWith(", probePrecision=auto]"));
    }

    @Test
    void probeEveryLoadsKeepsTheHashAtOneAndIsRefusedForThePaperVariant() {
        var loaded = TrainerConfig.training(ConfigLoader.load(TrainerConfig.spec(), null, Map.of(),
                Map.of("trainer.sap.probe-every", "4")));
        assertEquals(4, loaded.sap().probeEvery());
        assertEquals(1, SapConfig.defaults().probeEvery());
        assertTrue(loaded.sap().toString().endsWith(", probeEvery=4]"), loaded.sap().toString());
        assertTrue(!SapConfig.defaults().toString().contains("probeEvery"), "1 leaves the hashed text as it was");
        var zero = assertThrows(IllegalArgumentException.class, () -> SapConfig.defaults().withProbeEvery(0));
        assertEquals("trainer.sap.probe-every must be at least 1, got 0", zero.getMessage());
        var paper = assertThrows(IllegalArgumentException.class,
                () -> SapConfig.defaults().withProbeEvery(4).withVariant(SapConfig.Variant.PAPER, 1));
        assertTrue(paper.getMessage().startsWith("trainer.sap.probe-every applies to the reference variant only"),
                paper.getMessage());
    }
}
