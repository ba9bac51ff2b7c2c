package dev.safeflow.app.bench;

/**
 * One data-plane ratio of a benchmark run: a path's rate against its peer's, both taken in the same run, and
 * the goal the project holds it to. {@code bench pipeline --all} prints one line per ratio.
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
}
