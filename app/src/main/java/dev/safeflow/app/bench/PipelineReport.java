package dev.safeflow.app.bench;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What {@code safeflow bench pipeline} measured: the offered load, each stage's throughput, the lag of
 * each stage sampled over time, and the delay from a record's ingest timestamp to the training step
 * that used it. Rendered as text; a stage whose lag grew through the run is named as the one that
 * cannot keep up.
 */
public record PipelineReport(Setup setup, List<Sample> samples, long[] freshnessMillis, long steps, double seconds) {

    /** How the run was configured, printed first so a figure is never read without its conditions. */
    public record Setup(double offeredPerSecond, int seconds, String method, int batchSize, int partitions, String screeners,
                        int cores, double loadAverage) {
    }

    /**
     * One reading of the pipeline's counters.
     *
     * @param offered records the schedule had offered by then
     * @param raw records on ft.raw (ingest's output)
     * @param audited records on ft.clean plus ft.quarantine (the auditor's output)
     * @param clean records on ft.clean (the trainer's input)
     * @param trained records used in a training step
     */
    public record Sample(double atSeconds, long offered, long raw, long audited, long clean, long trained) {
        long ingestLag() {
            return Math.max(0, offered - raw);
        }

        long auditorLag() {
            return Math.max(0, raw - audited);
        }

        long trainerLag() {
            return Math.max(0, clean - trained);
        }
    }

    public Sample last() {
        return samples.get(samples.size() - 1);
    }

    /** The q-quantile (0..1) of ingest-to-step delays in ms, nearest rank; -1 when nothing was trained. */
    public long freshnessQuantile(double q) {
        if (freshnessMillis.length == 0) {
            return -1;
        }
        long[] sorted = freshnessMillis.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank))];
    }

    /** The goal for the p99 delay from ingest to the training step, at the default 1,000 records/s (docs/performance.md). */
    public static final long FRESHNESS_P99_GOAL_MILLIS = 10_000;

    /**
     * One line for {@code bench pipeline --all}'s summary: p50 and p99 against the goal, which is not met while clean
     * records are still untrained at the end (their delay is longer than the run).
     */
    public String freshnessLine() {
        if (freshnessMillis.length == 0) {
            return "freshness: no record was trained within the run";
        }
        boolean met = freshnessQuantile(0.99) <= FRESHNESS_P99_GOAL_MILLIS && last().trainerLag() == 0;
        return String.format(Locale.ROOT, "freshness at %.0f records/s offered (%s): p50 %.2f s, p99 %.2f s (goal p99 <= %d s, %s)",
            setup.offeredPerSecond(), setup.method(), freshnessQuantile(0.5) / 1e3, freshnessQuantile(0.99) / 1e3,
            FRESHNESS_P99_GOAL_MILLIS / 1000, met ? "met" : "NOT MET");
    }

    /**
     * True when more than one second of what a stage received (at least 10 records) still waits there at the end.
     * Measured against its own input, not the offered load: a trainer starved by a slow auditor is still behind
     * if it cannot train the little it gets.
     */
    static boolean fallsBehind(List<Long> lags, double inputPerSecond) {
        return lags.get(lags.size() - 1) > Math.max(10, inputPerSecond);
    }

    public String toText() {
        StringBuilder sb = new StringBuilder();
        Setup s = setup;
        sb.append(String.format(Locale.ROOT, "pipeline benchmark: ingest -> auditor (%s) -> streaming trainer (%s, micro-batch %d) on the "
            + "embedded platform, %d partition(s)%n", s.screeners(), s.method(), s.batchSize(), s.partitions()));
        sb.append(String.format(Locale.ROOT, "offered load: %.0f records/s for %d s; %d cores, load average %.1f at the end%n",
            s.offeredPerSecond(), s.seconds(), s.cores(), s.loadAverage()));
        Sample end = last();
        sb.append(String.format(Locale.ROOT, "%nthroughput over %.1f s%n", seconds));
        sb.append(String.format(Locale.ROOT, "  ingest   %8.1f records/s  (%d records to ft.raw)%n", end.raw() / seconds, end.raw()));
        sb.append(String.format(Locale.ROOT, "  auditor  %8.1f records/s  (%d audited, %d clean)%n", end.audited() / seconds,
            end.audited(), end.clean()));
        sb.append(String.format(Locale.ROOT, "  trainer  %8.1f records/s  (%d records in %d steps)%n", end.trained() / seconds,
            end.trained(), steps));
        sb.append(String.format(Locale.ROOT, "%nlag over time (records waiting at each stage)%n"));
        sb.append(String.format(Locale.ROOT, "  %7s %9s %9s %9s %9s %12s %12s %12s%n", "t (s)", "offered", "ft.raw", "audited",
            "trained", "ingest lag", "auditor lag", "trainer lag"));
        for (Sample x : samples) {
            sb.append(String.format(Locale.ROOT, "  %7.1f %9d %9d %9d %9d %12d %12d %12d%n", x.atSeconds(), x.offered(), x.raw(),
                x.audited(), x.trained(), x.ingestLag(), x.auditorLag(), x.trainerLag()));
        }
        sb.append(String.format(Locale.ROOT, "%nfreshness: ingest timestamp -> training step, over %d trained records%n",
            freshnessMillis.length));
        if (freshnessMillis.length == 0) {
            sb.append("  no record was trained within the run\n");
        } else {
            sb.append(String.format(Locale.ROOT, "  p50 %.2f s  p90 %.2f s  p99 %.2f s  max %.2f s%n", freshnessQuantile(0.5) / 1e3,
                freshnessQuantile(0.9) / 1e3, freshnessQuantile(0.99) / 1e3, freshnessQuantile(1.0) / 1e3));
        }
        if (end.trainerLag() > 0) {
            sb.append(String.format(Locale.ROOT, "  %d clean records were not trained by the end: their delay is not in these "
                + "figures and is longer than the run's%n", end.trainerLag()));
        }
        sb.append(String.format(Locale.ROOT, "%nverdict%n"));
        sb.append(verdict("ingest", samples.stream().map(Sample::ingestLag).toList(), end.offered() / seconds, end.raw() / seconds));
        sb.append(verdict("auditor", samples.stream().map(Sample::auditorLag).toList(), end.raw() / seconds, end.audited() / seconds));
        sb.append(verdict("trainer", samples.stream().map(Sample::trainerLag).toList(), end.clean() / seconds, end.trained() / seconds));
        return sb.toString();
    }

    private String verdict(String stage, List<Long> lags, double input, double rate) {
        long first = lags.get(0);
        long last = lags.get(lags.size() - 1);
        long peak = lags.stream().mapToLong(Long::longValue).max().orElse(0);
        if (fallsBehind(lags, input)) {
            return String.format(Locale.ROOT, "  %-8s CANNOT KEEP UP: lag grew from %d to %d records (peak %d); it passed %.1f records/s"
                + " of the %.1f it received%n", stage, first, last, peak, rate, input);
        }
        return String.format(Locale.ROOT, "  %-8s keeps up: lag %d records at the end%n", stage, last);
    }
}
