package dev.safeflow.app.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The report's arithmetic and verdicts on hand-made samples (no broker, no clock). */
class PipelineReportTest {

    private static final PipelineReport.Setup SETUP = new PipelineReport.Setup(100, 10, "sap", 10, 1, "text", 2, 1.0);

    @Test
    void trainerStarvedBySlowAuditorIsStillNamedWhenItCannotTrainWhatItGets() {
        // 1,000 offered and on ft.raw, 40 audited and clean, 2 trained: both auditor and trainer fall behind.
        List<PipelineReport.Sample> samples = List.of(new PipelineReport.Sample(5, 500, 500, 20, 20, 1),
            new PipelineReport.Sample(10, 1000, 1000, 40, 40, 2));
        String text = new PipelineReport(SETUP, samples, new long[] {1000, 2000}, 1, 10).toText();
        assertTrue(text.contains("  ingest   keeps up: lag 0 records at the end"), text);
        assertTrue(text.contains("  auditor  CANNOT KEEP UP: lag grew from 480 to 960 records (peak 960)"), text);
        assertTrue(text.contains("  trainer  CANNOT KEEP UP: lag grew from 19 to 38 records (peak 38)"), text);
        assertTrue(text.contains("38 clean records were not trained by the end"), text);
    }

    @Test
    void freshnessQuantilesAreNearestRank() {
        long[] delays = new long[100];
        for (int i = 0; i < 100; i++) {
            delays[i] = (100 - i) * 10L; // 1000, 990, ..., 10 ms, unsorted on purpose
        }
        PipelineReport r = new PipelineReport(SETUP, List.of(new PipelineReport.Sample(1, 1, 1, 1, 1, 1)), delays, 10, 1);
        assertEquals(500, r.freshnessQuantile(0.5));
        assertEquals(990, r.freshnessQuantile(0.99));
        assertEquals(1000, r.freshnessQuantile(1.0));
        assertEquals(-1, new PipelineReport(SETUP, List.of(new PipelineReport.Sample(1, 1, 1, 1, 1, 0)), new long[0], 0, 1)
            .freshnessQuantile(0.5));
    }
}
