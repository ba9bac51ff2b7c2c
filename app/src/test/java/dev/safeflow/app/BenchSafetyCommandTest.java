package dev.safeflow.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bench safety --quick}, the CI slice of the safety benchmark: the whole pipeline (fine-tune the
 * shipped organism through the trainer's steps, measure, attack, report) on sft and sap-every4 at 0% and
 * 20% poison, failing unless the premise holds. About two minutes on two cores.
 */
class BenchSafetyCommandTest {

    private static final String MODEL = "../models/safeflow-organism-v1";

    @Test
    void quickRunHoldsThePremiseAndWritesTableCsvAndChart(@TempDir Path out) throws Exception {
        CliTest.Run r = CliTest.run("bench", "safety", "--quick", "--model", MODEL, "--out", out.toString());
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("premise holds"), r.out());
        assertTrue(r.out().contains("5/5 cells present"), r.out());
        List<String> cells = Files.readAllLines(out.resolve("cells.csv"));
        assertEquals(6, cells.size(), cells.toString());
        assertTrue(Files.readString(out.resolve("summary.md")).contains("| sap-every4 | 0.20 | 1 |"));
        String chart = Files.readString(out.resolve("chart.svg"));
        assertTrue(chart.startsWith("<svg") && chart.contains("sap-every4: "), chart);

        // Every cell is stored, so a second run trains nothing and prints the same table.
        CliTest.Run again = CliTest.run("bench", "safety", "--quick", "--model", MODEL, "--out", out.toString());
        assertEquals(0, again.exit(), again.err());
        assertTrue(again.out().contains("computed 0 cells"), again.out());
        assertEquals(cells, Files.readAllLines(out.resolve("cells.csv")));
    }

    @Test
    void unknownMethodIsOneSentenceListingTheKnownOnes(@TempDir Path out) {
        CliTest.Run r = CliTest.run("bench", "safety", "--model", MODEL, "--methods", "sft,dpo", "--out", out.toString());
        assertEquals(UserErrors.USER_ERROR, r.exit());
        assertTrue(r.err().contains("'dpo' is unknown: use one of sft, sap-reference, sap-paper, sap-every4, sap-random-direction"), r.err());
    }

    @Test
    void negativeGradRateIsRefusedWithTheConfigKeysRule(@TempDir Path out) {
        CliTest.Run r = CliTest.run("bench", "safety", "--model", MODEL, "--grad-rate", "-1", "--out", out.toString());
        assertEquals(UserErrors.USER_ERROR, r.exit());
        assertTrue(r.err().contains("trainer.sap.grad-rate must be 0 or more, got -1.0"), r.err());
    }

    @Test
    void sweepRefusesAnUnknownProbePrecisionWithTheConfigKeysRule(@TempDir Path out) {
        CliTest.Run r = CliTest.run("bench", "sap-sweep", "--model", MODEL, "--probe-precision", "float16", "--out", out.toString());
        assertEquals(UserErrors.USER_ERROR, r.exit());
        assertTrue(r.err().contains("trainer.sap.probe-precision must be float32, float64 or auto, got float16"), r.err());
    }

    @Test
    void missingModelDirectoryNamesItAndTheFix(@TempDir Path out) {
        CliTest.Run r = CliTest.run("bench", "safety", "--quick", "--model", out.resolve("nope").toString());
        assertEquals(UserErrors.USER_ERROR, r.exit());
        assertTrue(r.err().contains("has no config.json; pass --model"), r.err());
    }

    @Test
    void badShardIsRejectedWithAnExample(@TempDir Path out) {
        CliTest.Run r = CliTest.run("bench", "safety", "--model", MODEL, "--shard", "2/2", "--out", out.toString());
        assertEquals(UserErrors.USER_ERROR, r.exit());
        assertTrue(r.err().contains("--shard '2/2' is not i/N"), r.err());
    }

    @Test
    void sweepRejectsAMalformedLayerSet(@TempDir Path out) {
        CliTest.Run r = CliTest.run("bench", "sap-sweep", "--model", MODEL, "--probe-layer-sets", "0+x",
                "--out", out.toString());
        assertEquals(UserErrors.USER_ERROR, r.exit());
        assertTrue(r.err().contains("probe layer set '0+x'"), r.err());
    }
}
