package dev.safeflow.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bench ingest --quick} on its own embedded platform: a line per round and the ratio line, with rates that
 * are figures, never asserted against a time.
 */
class BenchIngestCommandIT {
    private static final Pattern RATIO = Pattern.compile(
        "(?m)^ratio file ingest vs raw producer: ([\\d,]+)\\.\\d vs ([\\d,]+)\\.\\d records/s = (\\d+\\.\\d\\d) \\(goal >= 0\\.70, (met|NOT MET)\\)$");

    @Test
    void quickRunPrintsItsRoundAndTheRatioLineAndExitsZero(@TempDir Path work) {
        CliTest.Run r = CliTest.run("bench", "ingest", "--quick", "--work-dir", work.resolve("bench").toString());
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("round 1/1: file ingest"), r.out());
        assertTrue(r.out().contains(" ms) | raw producer"), "each side prints the JIT compilers' time:\n" + r.out());
        Matcher ratio = RATIO.matcher(r.out());
        assertTrue(ratio.find(), "no ratio line in\n" + r.out());
        assertTrue(Long.parseLong(ratio.group(1).replace(",", "")) > 0 && Long.parseLong(ratio.group(2).replace(",", "")) > 0,
            ratio.group());
    }

    @Test
    void warmUpRoundsRunUntimedUntilTheJitSettlesOrTheyRunOut(@TempDir Path work) {
        CliTest.Run r = CliTest.run("bench", "ingest", "--records", "2000", "--rounds", "1", "--warmup", "0",
            "--warmup-rounds", "2", "--work-dir", work.resolve("bench").toString());
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("warm-up 1/2 (untimed): file ingest"), r.out());
        assertTrue(r.out().contains("the JIT has settled") || r.out().contains("the JIT still compiles after 2 warm-up rounds"),
            "the warm-up says how it ended:\n" + r.out());
        assertTrue(r.out().indexOf("round 1/1: file ingest") > r.out().lastIndexOf("warm-up "), "timed rounds come after the warm-up:\n" + r.out());
        assertTrue(RATIO.matcher(r.out()).find(), "no ratio line in\n" + r.out());
    }

    @Test
    void aNegativeWarmUpRoundCountIsOneSentence() {
        CliTest.Run r = CliTest.run("bench", "ingest", "--warmup-rounds", "-1");
        assertEquals(UserErrors.USER_ERROR, r.exit());
        assertTrue(r.err().contains("--warmup and --warmup-rounds at least 0"), r.err());
    }

    @Test
    void aRoundCountBelowOneIsOneSentence() {
        CliTest.Run r = CliTest.run("bench", "ingest", "--rounds", "0");
        assertEquals(UserErrors.USER_ERROR, r.exit());
        assertTrue(r.err().contains("--records, --rounds and --checkpoint-every must be at least 1"), r.err());
    }

    @Test
    void aWorkDirHoldingSomethingElseIsRefusedAndLeftAlone(@TempDir Path work) throws Exception {
        Path precious = Files.writeString(work.resolve("notes.txt"), "keep me");
        CliTest.Run r = CliTest.run("bench", "ingest", "--quick", "--work-dir", work.toString());
        assertEquals(UserErrors.USER_ERROR, r.exit());
        assertTrue(r.err().contains("holds files that safeflow did not write"), r.err());
        assertTrue(Files.exists(precious));
    }
}
