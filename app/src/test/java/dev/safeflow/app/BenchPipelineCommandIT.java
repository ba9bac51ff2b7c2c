package dev.safeflow.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bench pipeline --all --quick} on its own embedded platforms: the quick ingest and auditor benchmarks, then
 * the pipeline report with every section, a lag row per sample, consistent counts (no stage passes on more than it
 * was given) and a verdict per stage, then every data-plane ratio and the freshness line. Times are printed, never
 * asserted.
 */
class BenchPipelineCommandIT {

    private static final String MODEL = "../models/safeflow-organism-v1";

    @Test
    void quickRunReportsThroughputLagFreshnessAVerdictPerStageAndEveryRatio(@TempDir Path work) {
        CliTest.Run r = CliTest.run("bench", "pipeline", "--all", "--quick", "--method", "sft", "--screeners", "text",
            "--model", MODEL, "--work-dir", work.resolve("bench").toString());
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("== bench ingest --quick") && r.out().contains("== bench auditor --quick"), r.out());
        String out = r.out().substring(r.out().indexOf("== bench pipeline --quick"));
        for (String section : List.of("offered load: 100 records/s for 10 s", "throughput over", "lag over time",
                "freshness: ingest timestamp -> training step", "verdict")) {
            assertTrue(out.contains(section), "missing '" + section + "' in\n" + out);
        }
        for (String stage : List.of("ingest", "auditor", "trainer")) {
            assertTrue(Pattern.compile("(?m)^  " + stage + " +(keeps up|CANNOT KEEP UP)").matcher(out).find(), out);
        }
        Matcher row = Pattern.compile("(?m)^ +\\d+\\.\\d +(\\d+) +(\\d+) +(\\d+) +(\\d+) ").matcher(out);
        int rows = 0;
        while (row.find()) {
            rows++;
            long offered = Long.parseLong(row.group(1));
            long raw = Long.parseLong(row.group(2));
            long audited = Long.parseLong(row.group(3));
            long trained = Long.parseLong(row.group(4));
            assertTrue(offered <= 1000 && raw <= 1000 && audited <= raw && trained <= audited, row.group());
        }
        assertTrue(rows >= 5, "expected a lag row every 2 s over 12 s:\n" + out);
        assertTrue(Pattern.compile("\\(([1-9]\\d*) records to ft.raw\\)").matcher(out).find(), "ingest produced nothing:\n" + out);

        String summary = out.substring(out.indexOf("every data-plane ratio"));
        for (String ratio : List.of("file ingest vs raw producer", "auditor rules-only vs raw consume",
                "auditor embedding-only vs the embedding screener in process")) {
            assertTrue(Pattern.compile("(?m)^  ratio " + Pattern.quote(ratio) + ": [\\d,]+\\.\\d vs [\\d,]+\\.\\d records/s = "
                + "\\d+\\.\\d\\d \\(goal >= \\d\\.\\d\\d, (met|NOT MET)\\)$").matcher(summary).find(), "no line for '" + ratio + "' in\n" + summary);
        }
        assertTrue(Pattern.compile("(?m)^  freshness (at 100 records/s offered \\(sft\\): p50 \\d+\\.\\d\\d s, p99 \\d+\\.\\d\\d s"
            + "|: no record was trained)").matcher(summary).find(), summary);
    }

    @Test
    void unknownMethodIsOneSentence(@TempDir Path work) {
        CliTest.Run r = CliTest.run("bench", "pipeline", "--quick", "--method", "dpo", "--model", MODEL,
            "--work-dir", work.toString());
        assertEquals(UserErrors.USER_ERROR, r.exit());
        assertTrue(r.err().contains("--method 'dpo' is unknown: use sap or sft"), r.err());
    }
}
