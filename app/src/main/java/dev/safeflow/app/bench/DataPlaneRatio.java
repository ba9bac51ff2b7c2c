package dev.safeflow.app.bench;

import java.util.Locale;

/**
 * One data-plane ratio of a benchmark run: a path's rate against its peer's, both taken in the same run, and
 * the goal the project holds it to. Each benchmark prints its ratios with {@link #line()}, and {@code bench
 * pipeline --all} prints every one of them again at the end.
 *
 * @param path what was measured, e.g. {@code "file ingest vs raw producer"}
 * @param rate the path's rate, in {@code unit}
 * @param peerRate the peer's rate in the same run, in {@code unit}
 * @param unit e.g. {@code "records/s"}
 * @param goal the least ratio the project aims for; {@code NaN} when there is none
 */
public record DataPlaneRatio(String path, double rate, double peerRate, String unit, double goal) {
    /** {@code rate / peerRate}. */
    public double ratio() {
        return rate / peerRate;
    }

    /** Whether the ratio reaches its goal; true when there is no goal. */
    public boolean meetsGoal() {
        return Double.isNaN(goal) || ratio() >= goal;
    }

    /** The one line a run prints per ratio: {@code ratio <path>: 45.6 vs 370.8 records/s = 0.12 (goal >= 0.50, NOT MET)}. */
    public String line() {
        String verdict = Double.isNaN(goal) ? "no goal"
            : String.format(Locale.ROOT, "goal >= %.2f, %s", goal, meetsGoal() ? "met" : "NOT MET");
        return String.format(Locale.ROOT, "ratio %s: %,.1f vs %,.1f %s = %.2f (%s)", path, rate, peerRate, unit, ratio(), verdict);
    }
}
