package dev.safeflow.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bench auditor --quick} on its own embedded platform: every phase prints its figure and the run ends
 * with one ratio line per data-plane ratio, each a number against its peer's rate. Times are printed, never
 * asserted.
 */
class BenchAuditorCommandIT {

    @Test
    void quickRunPrintsEveryPhaseAndItsRatioLines(@TempDir Path work) {
        CliTest.Run r = CliTest.run("bench", "auditor", "--quick", "--work-dir", work.resolve("bench").toString());
        assertEquals(0, r.exit(), r.out() + r.err());
        String out = r.out();
        for (String phase : List.of("raw broker: produce", "through a group join", "Kafka Streams pass-through (EOS):",
                "in process, batches of 64: rules", "in process, embedding (",
                "in process, embedding, best:", "rules only, batch 64:", ", commit 1 s:", "embedding only, batch 64:",
                "text -> embedding, batch 64:", "ratios (same run):")) {
            assertTrue(out.contains(phase), "missing '" + phase + "' in\n" + out);
        }
        for (String ratio : List.of("auditor rules-only vs raw consume", "auditor embedding-only vs the embedding screener in process")) {
            assertTrue(Pattern.compile("(?m)^  ratio " + Pattern.quote(ratio) + ": [\\d,]+\\.\\d vs [\\d,]+\\.\\d records/s = \\d+\\.\\d\\d \\(goal >= ")
                .matcher(out).find(), "no ratio line for '" + ratio + "' in\n" + out);
        }
        for (String ratio : List.of("auditor rules-only vs Kafka Streams EOS pass-through", "Kafka Streams EOS pass-through vs raw consume")) {
            assertTrue(Pattern.compile("(?m)^  ratio " + Pattern.quote(ratio) + ": [\\d,]+\\.\\d vs [\\d,]+\\.\\d records/s = \\d+\\.\\d\\d \\(no goal\\)$")
                .matcher(out).find(), "no ratio line for '" + ratio + "' in\n" + out);
        }
    }

    @Test
    void halfOfTheHiddenStatePairIsOneSentence(@TempDir Path work) {
        CliTest.Run r = CliTest.run("bench", "auditor", "--hidden-state-model", "models/x", "--work-dir", work.toString());
        assertEquals(UserErrors.USER_ERROR, r.exit());
        assertTrue(r.err().contains("--hidden-state-artifact and --hidden-state-model go together"), r.err());
    }
}
