package dev.safeflow.testbed.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.safeflow.testbed.world.HarmfulSplit;
import dev.safeflow.trainer.TrainingConfig;
import dev.safeflow.testbed.world.World;
import dev.safeflow.testbed.world.WorldConfig;
import dev.safeflow.trainer.TrainingMethod;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The grid, fingerprints and resuming; the training itself is exercised by bench safety --quick (app). */
class SafetyBenchTest {

    private static final World WORLD = new World(WorldConfig.defaults(WorldConfig.DEFAULT_SEED));

    @Test
    void gridPutsOneOrganismCellPerSeedFirstThenMethodsByRatioAndSeed() {
        SafetyBenchConfig c = SafetyBenchConfig.quick();
        List<SafetyBench.Cell> cells = new SafetyBench(WORLD, Path.of("unused"), c, Path.of("unused"), s -> {}).cells();
        assertEquals(List.of(new SafetyBench.Cell("organism", 0, 1), new SafetyBench.Cell("sft", 0, 1),
                new SafetyBench.Cell("sft", 0.2, 1), new SafetyBench.Cell("sap-every4", 0, 1),
                new SafetyBench.Cell("sap-every4", 0.2, 1)), cells);
        assertEquals(3 + 7 * 4 * 3, new SafetyBench(WORLD, Path.of("unused"), SafetyBenchConfig.full(), Path.of("u"),
                s -> {}).cells().size());
    }

    @Test
    void fingerprintFollowsWhatChangesResultsButNotTheGrid() {
        SafetyBenchConfig c = SafetyBenchConfig.full();
        assertEquals(c.fingerprint(), c.withGrid(List.of(BenchMethod.SFT), List.of(0.2), List.of(7L)).fingerprint());
        assertNotEquals(c.fingerprint(), c.withSplit(HarmfulSplit.VALIDATION).fingerprint());
        assertNotEquals(c.fingerprint(), c.withSizes(500, 3, c.attackSteps(), c.topicTest()).fingerprint());
        assertNotEquals(c.fingerprint(), c.withBase(c.base().withSap(c.base().sap().with(1e-2, 0.05))).fingerprint());
    }

    @Test
    void methodsSetTheTrainersStepAndKeepSapHyperparameters() {
        var base = SafetyBenchConfig.recipe().withSap(SafetyBenchConfig.recipe().sap().with(3e-2, 0.1));
        assertEquals("sft", BenchMethod.SFT.apply(base).methodName());
        assertEquals("sap-paper", BenchMethod.SAP_PAPER.apply(base).methodName());
        var every4 = BenchMethod.SAP_EVERY4.apply(base);
        assertEquals(4, every4.sap().directionEvery());
        assertEquals(3e-2, every4.sap().gradRate());
        assertEquals(0.1, every4.sap().probeLr());
        var e = assertThrows(IllegalArgumentException.class, () -> BenchMethod.parse("sap"));
        assertTrue(e.getMessage().contains("sft, sap-reference, sap-paper, sap-every4, sap-random-direction"),
                e.getMessage());
        assertEquals("sap-random-direction", BenchMethod.SAP_RANDOM_DIRECTION.apply(base).methodName());
        var filter = BenchMethod.SAP_FILTER.apply(base);
        assertTrue(filter.filter().enabled(), "sap-filter trains with the poison filter on");
        assertEquals("sap-reference", filter.methodName());
        assertEquals(1, filter.sap().directionEvery());
        assertTrue(!BenchMethod.SAP_REFERENCE.apply(base).filter().enabled(), "the other methods leave it off");
        assertEquals(c(base), c(filter), "the filter changes nothing else");
    }

    @Test
    void theWorldsTriplesChangeOnlyTheContrastiveFile(@TempDir Path dir) {
        // A cell's config is its method's config plus the world's triples; sap-filter once lost its filter here
        // and trained exactly as sap-reference.
        for (BenchMethod m : BenchMethod.values()) {
            TrainingConfig config = m.apply(SafetyBenchConfig.recipe());
            TrainingConfig cell = FineTuning.withWorldTriples(config, WORLD, dir.resolve(m.label()));
            assertEquals(dir.resolve(m.label()).resolve("contrastive.jsonl"), cell.contrastiveFile());
            assertEquals(config, cell.withContrastiveFile(config.contrastiveFile()), m.label());
        }
        assertTrue(FineTuning.withWorldTriples(BenchMethod.SAP_FILTER.apply(SafetyBenchConfig.recipe()), WORLD, dir)
                .filter().enabled(), "sap-filter keeps the poison filter on");
    }

    @Test
    void storedCellsAreReusedSoARerunResumesWithoutTraining(@TempDir Path out) throws Exception {
        SafetyBenchConfig c = SafetyBenchConfig.quick();
        // A model directory that does not exist: any attempt to compute a cell would fail.
        SafetyBench bench = new SafetyBench(WORLD, out.resolve("no-model"), c, out, s -> {});
        Files.createDirectories(out.resolve("cells"));
        List<CellResult> stored = new ArrayList<>();
        for (SafetyBench.Cell cell : bench.cells()) {
            CellResult r = SafetyReportTest.cell(cell.method(), cell.poison(), cell.seed(), 10 * stored.size(), 5, 50,
                    c.fingerprint());
            stored.add(r);
            new ObjectMapper().writeValue(out.resolve("cells")
                    .resolve(CellResult.fileName(cell.method(), cell.poison(), cell.seed(), c.fingerprint())).toFile(), r);
        }
        List<String> log = new ArrayList<>();
        SafetyBench resumed = new SafetyBench(WORLD, out.resolve("no-model"), c, out, log::add);
        assertEquals(stored, resumed.run(0, 1));
        assertTrue(log.get(0).contains("already in"), log.toString());
    }

    @Test
    void aShardComputesOnlyItsCells(@TempDir Path out) throws Exception {
        SafetyBenchConfig c = SafetyBenchConfig.quick();
        SafetyBench bench = new SafetyBench(WORLD, out.resolve("no-model"), c, out, s -> {});
        Files.createDirectories(out.resolve("cells"));
        List<SafetyBench.Cell> cells = bench.cells();
        for (int i = 0; i < cells.size(); i += 2) {
            SafetyBench.Cell cell = cells.get(i);
            new ObjectMapper().writeValue(out.resolve("cells")
                    .resolve(CellResult.fileName(cell.method(), cell.poison(), cell.seed(), c.fingerprint())).toFile(),
                    SafetyReportTest.cell(cell.method(), cell.poison(), cell.seed(), 1, 2, 3, c.fingerprint()));
        }
        // Shard 0 of 2 owns cells 0, 2, 4, all stored: nothing to train, and shard 1's cells are not there yet.
        assertEquals(3, bench.run(0, 2).size());
        assertThrows(IllegalArgumentException.class, () -> bench.run(2, 2));
    }

    @Test
    void anOutDirectoryRefusesCellsOfAnotherWorld(@TempDir Path out) throws Exception {
        SafetyBenchConfig c = SafetyBenchConfig.quick();
        SafetyBench bench = new SafetyBench(WORLD, out.resolve("no-model"), c, out, s -> {});
        assertEquals(5, bench.missing().size());
        // Shard 1 of 5 owns the second cell only; store it so the run trains nothing and writes the identity.
        SafetyBench.Cell second = bench.cells().get(1);
        Files.createDirectories(out.resolve("cells"));
        new ObjectMapper().writeValue(out.resolve("cells")
                .resolve(CellResult.fileName(second.method(), second.poison(), second.seed(), c.fingerprint())).toFile(),
                SafetyReportTest.cell(second.method(), second.poison(), second.seed(), 1, 2, 3, c.fingerprint()));
        assertEquals(1, bench.run(1, 5).size());
        assertTrue(Files.isRegularFile(out.resolve(SafetyBench.IDENTITY)));
        World other = new World(WorldConfig.defaults(WorldConfig.DEFAULT_SEED + 1));
        var e = assertThrows(IllegalStateException.class,
                () -> new SafetyBench(other, out.resolve("no-model"), c, out, s -> {}).run(1, 5));
        assertTrue(e.getMessage().contains("belong to another model or world") && e.getMessage().contains("--out"),
                e.getMessage());
    }

    @Test
    void repeatedGridValuesAreRejectedBecauseTheyWouldCountOneCellTwice() {
        SafetyBenchConfig c = SafetyBenchConfig.quick();
        assertThrows(IllegalArgumentException.class, () -> c.withGrid(c.methods(), c.poisonRatios(), List.of(1L, 1L)));
        var e = assertThrows(IllegalArgumentException.class,
                () -> c.withGrid(c.methods(), List.of(0.2, 0.2001), c.seeds()));
        assertTrue(e.getMessage().contains("must not repeat"), e.getMessage());
    }

    @Test
    void aCellFileHoldingAnotherCellIsRefused(@TempDir Path out) throws Exception {
        SafetyBenchConfig c = SafetyBenchConfig.quick();
        Files.createDirectories(out.resolve("cells"));
        Path f = out.resolve("cells").resolve(CellResult.fileName("organism", 0, 1, c.fingerprint()));
        new ObjectMapper().writeValue(f.toFile(), SafetyReportTest.cell("sft", 0.2, 1, 1, 2, 3));
        var e = assertThrows(IllegalStateException.class,
                () -> new SafetyBench(WORLD, out.resolve("no-model"), c, out, s -> {}).run(0, 1));
        assertTrue(e.getMessage().contains("not the cell its name says"), e.getMessage());
    }

    @Test
    void impossibleSettingsFailBeforeAnyTraining(@TempDir Path out) {
        Path organism = Path.of("..", "models", "safeflow-organism-v1");
        SafetyBenchConfig c = SafetyBenchConfig.quick();
        SafetyBenchConfig badLayer = c.withBase(c.base().withSap(new dev.safeflow.trainer.SapConfig(dev.safeflow.trainer.SapConfig.Variant.REFERENCE, 1e-2,
                1, 0.5, 1, 0.05, List.of(0, 9))));
        var e = assertThrows(IllegalArgumentException.class,
                () -> new SafetyBench(WORLD, organism, badLayer, out, s -> {}).run(0, 1));
        assertTrue(e.getMessage().contains("probe layer 9 does not exist: the model has layers 0..3"), e.getMessage());
        SafetyBenchConfig tooMany = c.withSizes(5000, 3, 0, 10);
        e = assertThrows(IllegalArgumentException.class,
                () -> new SafetyBench(WORLD, organism, tooMany, out, s -> {}).run(0, 1));
        assertTrue(e.getMessage().contains("lower --n"), e.getMessage());
    }

    @Test
    void aCorruptCellFileNamesItselfAndTheFix(@TempDir Path out) throws Exception {
        SafetyBenchConfig c = SafetyBenchConfig.quick();
        Files.createDirectories(out.resolve("cells"));
        Path f = out.resolve("cells").resolve(CellResult.fileName("organism", 0, 1, c.fingerprint()));
        Files.writeString(f, "{not json");
        var e = assertThrows(UncheckedIOException.class,
                () -> new SafetyBench(WORLD, out.resolve("no-model"), c, out, s -> {}).run(0, 1));
        assertTrue(e.getMessage().contains(f.toString()) && e.getMessage().contains("delete it and rerun"),
                e.getMessage());
    }

    /** A training config with the filter switched off, to compare the rest. */
    private static String c(dev.safeflow.trainer.TrainingConfig t) {
        return t.withFilter(t.filter().withEnabled(false)).withMethod(TrainingMethod.SAP)
                .withSap(t.sap().withVariant(dev.safeflow.trainer.SapConfig.Variant.REFERENCE, 1)).hash();
    }
}
