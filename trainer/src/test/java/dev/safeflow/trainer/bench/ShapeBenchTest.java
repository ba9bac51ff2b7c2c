package dev.safeflow.trainer.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.safeflow.model.ModelShapes;
import dev.safeflow.model.bench.GemmPeak;
import dev.safeflow.trainer.SapConfig;
import dev.safeflow.trainer.TrainingConfig;
import dev.safeflow.trainer.TrainingMethod;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code bench model}: when it stops warming up (the steps' own times decide, within {@code --warmup} and the cap), what
 * it counts, and a whole run on a tiny body of a published shape: SFT timed before and after the SAP rows, each row
 * against the GEMM rate measured beside it.
 */
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

    @Test
    void aRunTimesSftBeforeAndAfterTheSapRowsAndEachRowAgainstTheGemmRateBesideIt() {
        ShapeBench.Config c = new ShapeBench.Config("smollm2-135m", 2, 16, 0, 4, List.of("every4-probe4"));
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        ShapeBench.Result r = ShapeBench.run(c, ModelShapes.tiny("smollm2-135m"),
                new PrintStream(progress, true, StandardCharsets.UTF_8));

        List<String> names = r.methods().stream().map(ShapeBench.Method::name).toList();
        assertEquals(List.of("SFT", "SAP, direction+probe every 4", ShapeBench.SFT_AGAIN), names);
        assertEquals(r.methods().size() + 1, r.gemm().size(), "a rate before every row and one after the last");
        for (int i = 0; i < r.methods().size(); i++) {
            ShapeBench.Method m = r.methods().get(i);
            GemmPeak.Rate beside = ShapeBench.higher(r.gemm().get(i), r.gemm().get(i + 1));
            assertEquals(beside, m.peak(), m.name());
            assertEquals(m.flopsPerStep() / (m.msPerStep() / 1000) / (beside.wallGflops() * 1e9), m.mfu(), 1e-12);
            assertTrue(m.msPerStep() > 0 && m.cpuMsPerStep() > 0, m.name());
        }
        double sft = (r.methods().get(0).msPerStep() + r.methods().get(2).msPerStep()) / 2;
        assertEquals(sft, r.sftMs(), 1e-9);
        String report = r.toText();
        assertTrue(report.contains(String.format("(%.2fx SFT)", r.methods().get(1).msPerStep() / sft)), report);
        assertTrue(report.contains("against the mean of the two SFT rows"), report);
        double faster = Math.min(r.methods().get(0).msPerStep(), r.methods().get(2).msPerStep());
        assertTrue(report.contains(String.format("SAP, direction+probe every 4 %.2fx", r.methods().get(1).msPerStep() / faster)),
                report);
        assertTrue(progress.toString(StandardCharsets.UTF_8).contains(ShapeBench.SFT_AGAIN + ": at least 0 warm-up steps"));
    }

    @Test
    void sftAloneRunsOnce() {
        ShapeBench.Result r = ShapeBench.run(new ShapeBench.Config("smollm2-135m", 2, 16, 0, 2, List.of()),
                ModelShapes.tiny("smollm2-135m"), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        assertEquals(List.of("SFT"), r.methods().stream().map(ShapeBench.Method::name).toList());
        assertEquals(2, r.gemm().size());
        assertEquals(r.methods().get(0).msPerStep(), r.sftMs(), 0);
        assertFalse(r.toText().contains("mean of the two"));
    }
}
