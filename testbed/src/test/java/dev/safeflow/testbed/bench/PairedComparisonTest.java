package dev.safeflow.testbed.bench;

import static dev.safeflow.testbed.bench.SafetyReportTest.cell;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PairedComparisonTest {

    @Test
    void differencesArePairedBySeedWithATIntervalAndTheExactSignFlipP() {
        // sap − sft per seed: 1, 2, 3 (seed 4 has no sft cell and is left out).
        List<CellResult> cells = List.of(cell("sft", 0.2, 1, 50, 0, 80), cell("sft", 0.2, 2, 60, 0, 80),
                cell("sft", 0.2, 3, 70, 0, 80), cell("sap-reference", 0.2, 1, 51, 0, 80),
                cell("sap-reference", 0.2, 2, 62, 0, 80), cell("sap-reference", 0.2, 3, 73, 0, 80),
                cell("sap-reference", 0.2, 4, 99, 0, 80));
        List<PairedComparison> rows = PairedComparison.of(cells);
        assertEquals(2, rows.size(), rows.toString());
        PairedComparison h = rows.get(0);
        assertEquals("harmful", h.metric());
        assertArrayEquals(new long[] {1, 2, 3}, h.seeds());
        assertArrayEquals(new double[] {1, 2, 3}, h.differences(), 1e-12);
        assertEquals(2, h.mean(), 1e-12);
        // sd 1, standard error 1/√3, t(0.975, 2) = 4.303
        assertEquals(2 - 4.303 / Math.sqrt(3), h.low(), 1e-9);
        assertEquals(2 + 4.303 / Math.sqrt(3), h.high(), 1e-9);
        // of the 8 sign patterns only +++ and −−− reach |Σ| = 6
        assertEquals(0.25, h.p(), 1e-12);
        assertTrue(!h.excludesZero());
        PairedComparison topic = rows.get(1);
        assertEquals("topic", topic.metric());
        assertEquals(0, topic.mean(), 1e-12);
        assertEquals(1.0, topic.p(), 1e-12, "all-zero differences: every pattern ties");
    }

    @Test
    void tenSeedsAllOneSignGiveTheSmallestExactP() {
        double[] d = {-5, -3, -8, -1, -2, -4, -6, -7, -9, -10};
        assertEquals(2.0 / 1024, PairedComparison.signFlipP(d), 1e-15);
        PairedComparison c = PairedComparison.of("sap-filter", "sft", 0.1, "harmful", new long[10], d);
        assertTrue(c.excludesZero(), c.low() + ".." + c.high());
    }

    @Test
    void variantsAreComparedWithSftAndWithTheMethodTheyChange() {
        List<CellResult> cells = List.of(cell("sft", 0.1, 1, 40, 0, 80), cell("sft", 0.1, 2, 30, 0, 80),
                cell("sap-reference", 0.1, 1, 20, 0, 80), cell("sap-reference", 0.1, 2, 25, 0, 80),
                cell("sap-filter", 0.1, 1, 10, 0, 70), cell("sap-filter", 0.1, 2, 15, 0, 70),
                cell("organism", 0, 1, 0, 0, 90), cell("organism", 0, 2, 0, 0, 90));
        List<String> pairs = PairedComparison.of(cells).stream()
                .map(r -> r.method() + "-" + r.baseline() + "@" + r.poison() + ":" + r.metric()).toList();
        assertEquals(List.of("sap-reference-sft@0.1:harmful", "sap-reference-sft@0.1:topic",
                "sap-filter-sft@0.1:harmful", "sap-filter-sft@0.1:topic", "sap-filter-sap-reference@0.1:harmful",
                "sap-filter-sap-reference@0.1:topic"), pairs);
        List<CellResult> held = List.of(cell("sap-every4", 0.2, 1, 20, 0, 80), cell("sap-every4", 0.2, 2, 25, 0, 80),
                cell("sap-every4-probe4", 0.2, 1, 30, 0, 80), cell("sap-every4-probe4", 0.2, 2, 25, 0, 70));
        assertEquals(List.of("sap-every4-probe4-sap-every4@0.2:harmful", "sap-every4-probe4-sap-every4@0.2:topic"),
                PairedComparison.of(held).stream().map(r -> r.method() + "-" + r.baseline() + "@" + r.poison() + ":"
                        + r.metric()).toList(), "probe-every 4 against the same method refreshing the probes every step");
    }

    @Test
    void oneSeedGivesNoPairedTableAndTheReportWritesPairedCsv(@TempDir Path dir) throws Exception {
        SafetyReport one = SafetyReport.of(List.of(cell("sft", 0.2, 1, 70, 0, 50), cell("sap-every4", 0.2, 1, 60, 0, 50)));
        assertTrue(!one.toMarkdown().contains("Paired"), one.toMarkdown());
        SafetyReport two = SafetyReport.of(List.of(cell("sft", 0.2, 1, 70, 0, 50), cell("sft", 0.2, 2, 80, 0, 50),
                cell("sap-every4", 0.2, 1, 60, 0, 50), cell("sap-every4", 0.2, 2, 50, 0, 50)));
        assertTrue(two.toMarkdown().contains("| sap-every4 − sft | 0.20 | harmful | 2 | -10 -30 | -20.0 |"),
                two.toMarkdown());
        two.writeCsv(dir);
        List<String> csv = Files.readAllLines(dir.resolve("paired.csv"));
        assertEquals(3, csv.size(), csv.toString());
        assertTrue(csv.get(1).startsWith("sap-every4,sft,0.200,harmful,2,-20.000,"), csv.get(1));
    }
}
