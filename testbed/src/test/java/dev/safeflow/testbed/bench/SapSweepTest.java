package dev.safeflow.testbed.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SapSweepTest {

    private static SapSweep.Result result(SapSweep.Setting s, double harmful, double topic) {
        return new SapSweep.Result(s, new SafetyReport.Stat(harmful, 1, 2), new SafetyReport.Stat(topic, 1, 2),
                s == null ? Double.NaN : 0.5);
    }

    private static final SapSweep.Setting A = new SapSweep.Setting(2e-5, 0.05, List.of());
    private static final SapSweep.Setting B = new SapSweep.Setting(5e-2, 0.25, List.of());
    private static final SapSweep.Setting BROKEN = new SapSweep.Setting(5e-2, 1.0, List.of(0, 1));

    @Test
    void choosesTheSafestSettingThatKeepsUtilityNotOneThatBrokeTheModel() {
        List<SapSweep.Result> r = List.of(result(null, 83, 60), result(A, 70, 55), result(B, 49, 62),
                result(BROKEN, 1, 7));
        assertEquals(B, SapSweep.best(r).setting());
    }

    @Test
    void saysSoWhenEverySettingLostTooMuchUtility() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> SapSweep.best(List.of(result(null, 83, 60), result(BROKEN, 1, 7))));
        assertTrue(e.getMessage().contains("within 10 points of SFT's (60.0%)"), e.getMessage());
    }

    @Test
    void settingsOfEarlierInvocationsJoinTheTableWhenTheirCellsAreStored(@TempDir Path out) throws Exception {
        var world = new dev.safeflow.testbed.world.World(dev.safeflow.testbed.world.WorldConfig.defaults(
                dev.safeflow.testbed.world.WorldConfig.DEFAULT_SEED));
        SafetyBenchConfig shape = SafetyBenchConfig.full().withGrid(SafetyBenchConfig.full().methods(), List.of(0.2),
                List.of(1L));
        SafetyBenchConfig base = SapSweep.validation(shape);
        // Every cell stored: the model directory does not exist, so any training would fail the test.
        store(out, base.withGrid(List.of(BenchMethod.SFT), List.of(0.2), List.of(1L)), 80);
        store(out, SapSweep.config(base, A), 70);
        store(out, SapSweep.config(base, B), 40);
        Path noModel = out.resolve("no-model");
        assertEquals(2, SapSweep.run(world, noModel, shape, List.of(A), out, s -> {}).size());
        assertTrue(Files.readString(out.resolve(SapSweep.HISTORY)).contains("0.05"));
        // The second invocation names only B; A comes back from the history without training.
        List<SapSweep.Result> second = SapSweep.run(world, noModel, shape, List.of(B), out, s -> {});
        assertEquals(3, second.size());
        assertEquals(A, second.get(1).setting());
        assertEquals(B, SapSweep.best(second).setting());
        // A different shape has no cells for A: it is left out rather than retrained behind the user's back.
        SafetyBenchConfig other = shape.withSizes(500, 3, 0, 200);
        store(out, SapSweep.validation(other).withGrid(List.of(BenchMethod.SFT), List.of(0.2), List.of(1L)), 80);
        store(out, SapSweep.config(SapSweep.validation(other), B), 40);
        assertEquals(2, SapSweep.run(world, noModel, other, List.of(B), out, s -> {}).size());
    }

    private static void store(Path out, SafetyBenchConfig c, double harmful) throws Exception {
        SafetyBench bench = new SafetyBench(null, null, c, out, s -> {});
        Files.createDirectories(out.resolve("cells"));
        for (SafetyBench.Cell cell : bench.cells()) {
            new com.fasterxml.jackson.databind.ObjectMapper().writeValue(out.resolve("cells").resolve(
                    CellResult.fileName(cell.method(), cell.poison(), cell.seed(), c.fingerprint())).toFile(),
                    SafetyReportTest.cell(cell.method(), cell.poison(), cell.seed(), harmful, Double.NaN, 60,
                            c.fingerprint()));
        }
    }

    @Test
    void tableAndCsvNameEverySetting(@TempDir Path dir) throws Exception {
        List<SapSweep.Result> r = List.of(result(null, 83, 60), result(BROKEN, 1, 7));
        String md = SapSweep.toMarkdown(r);
        assertTrue(md.contains("| sft (no SAP) | – | 83.0 ± 1.0 | 60.0 ± 1.0 |"), md);
        assertTrue(md.contains("grad_rate 5e-02, probe lr 1.0, layers 0+1"), md);
        SapSweep.writeCsv(r, dir.resolve("sweep.csv"));
        List<String> lines = Files.readAllLines(dir.resolve("sweep.csv"));
        assertEquals("sap-reference,0.05,1.0,0+1,0.500000,1.000,1.000,7.000,2", lines.get(2));
    }
}
