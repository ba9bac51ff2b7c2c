package dev.safeflow.evaluator;

import dev.safeflow.evaluator.suite.SuiteResult;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The one-off evaluation's table: one row per suite with its score, judge, sample count and figures. */
public final class ResultTable {

    private ResultTable() {
    }

    public static String render(List<SuiteResult> results) {
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "%-9s %8s  %-16s %7s  %s%n", "suite", "score",
            "judge", "samples", "values"));
        for (SuiteResult r : results) {
            out.append(String.format(Locale.ROOT, "%-9s %7.1f%%  %-16s %7d  %s%n", r.suite(), r.score(), r.judge(),
                r.samples().size(), values(r.values())));
        }
        return out.toString();
    }

    private static String values(Map<String, Double> values) {
        StringBuilder b = new StringBuilder();
        values.forEach((k, v) -> b.append(b.length() == 0 ? "" : " ").append(k).append('=')
            .append(v == Math.rint(v) ? String.valueOf(v.longValue()) : String.format(Locale.ROOT, "%.3g", v)));
        return b.toString();
    }
}
