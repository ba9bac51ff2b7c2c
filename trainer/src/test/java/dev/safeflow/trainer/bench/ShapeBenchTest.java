package dev.safeflow.trainer.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.safeflow.trainer.SapConfig;
import dev.safeflow.trainer.TrainingConfig;
import dev.safeflow.trainer.TrainingMethod;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** When {@code bench model} stops warming up: the steps' own times decide, within {@code --warmup} and the cap. */
class ShapeBenchTest {

    @Test
    void theRequestedWarmUpStepsAlwaysRun() {
        assertTrue(ShapeBench.warmingUp(List.of(), 1));
        assertTrue(ShapeBench.warmingUp(List.of(7_000L, 4_000L), 3), "two of three");
        assertFalse(ShapeBench.warmingUp(List.of(), 0), "no warm-up asked and nothing to compare");
    }

    @Test
    void warmUpGoesOnWhileEachStepIsStillOverThreePercentFaster() {
        assertTrue(ShapeBench.warmingUp(List.of(7_000L), 1), "one step: nothing to compare it with yet");
        assertTrue(ShapeBench.warmingUp(List.of(7_000L, 4_700L), 1));
        assertTrue(ShapeBench.warmingUp(List.of(7_000L, 4_700L, 4_500L), 1), "4.3% faster");
        assertFalse(ShapeBench.warmingUp(List.of(7_000L, 4_700L, 4_600L), 1), "2.1% faster: steady");
        assertFalse(ShapeBench.warmingUp(List.of(7_000L, 4_700L, 4_900L), 1), "slower: steady (or noise), stop");
    }

    @Test
    void warmUpStopsAtTheCapEvenWhileStepsStillSpeedUp() {
        List<Long> falling = new ArrayList<>();
        for (long ms = 10_000; falling.size() < ShapeBench.MAX_WARMUP; ms = ms * 9 / 10) {
            falling.add(ms);
        }
        assertFalse(ShapeBench.warmingUp(falling, 1));
        assertTrue(ShapeBench.warmingUp(falling.subList(0, ShapeBench.MAX_WARMUP - 1), 1));
        assertTrue(ShapeBench.warmingUp(falling, ShapeBench.MAX_WARMUP + 2), "an explicit --warmup above the cap is honoured");
    }

    @Test
    void passesAreCountedOverTheStepsActuallyTimedWhereverTheWarmUpEnded() {
        TrainingConfig base = TrainingConfig.defaults();
        TrainingConfig every4probe4 = base.withSap(base.sap().withVariant(SapConfig.Variant.REFERENCE, 4).withProbeEvery(4));
        // Steps 3 and 4: a held step (one task pass), then step 4 refreshes ĝ and the probes (three passes).
        assertEquals(2.0, ShapeBench.passes(every4probe4, 3, 2), 1e-12);
        // Steps 1 and 2 are both held: one pass each.
        assertEquals(1.0, ShapeBench.passes(every4probe4, 1, 2), 1e-12);
        assertEquals(1.0, ShapeBench.passes(base.withMethod(TrainingMethod.SFT), 4, 3), 1e-12);
    }
}
