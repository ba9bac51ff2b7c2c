package dev.safeflow.auditor;

import dev.safeflow.avro.AuditedRecord;
import dev.safeflow.avro.Verdict;
import dev.safeflow.schemas.metrics.PrometheusWriter;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters for {@code /metrics}: verdicts and reasons as this instance decided them, and the distribution
 * of every screener's scores (a histogram per score key), so a drift in incoming data shows before the
 * quarantine rate moves. They count work done, so a record reprocessed after a crash counts twice here
 * though it is written once.
 */
public final class AuditorMetrics {
    /** Upper bounds of the score histogram buckets; scores live in [0, 1]. */
    static final double[] BUCKETS = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0};

    private final LongAdder clean = new LongAdder();
    private final LongAdder quarantined = new LongAdder();
    private final Map<String, LongAdder> reasons = new ConcurrentHashMap<>();
    private final Map<String, Histogram> scores = new ConcurrentHashMap<>();

    /** Cumulative bucket counts, a count and a sum, as Prometheus histograms are exposed. */
    private static final class Histogram {
        final LongAdder[] buckets = new LongAdder[BUCKETS.length];
        final LongAdder count = new LongAdder();
        final java.util.concurrent.atomic.DoubleAdder sum = new java.util.concurrent.atomic.DoubleAdder();

        Histogram() {
            for (int i = 0; i < buckets.length; i++) {
                buckets[i] = new LongAdder();
            }
        }

        void observe(double v) {
            for (int i = 0; i < BUCKETS.length; i++) {
                if (v <= BUCKETS[i]) {
                    buckets[i].increment();
                }
            }
            count.increment();
            sum.add(v);
        }
    }

    void record(AuditedRecord decided) {
        if (decided.getVerdict() == Verdict.CLEAN) {
            clean.increment();
        } else {
            quarantined.increment();
            decided.getReasons().forEach(r -> reasons.computeIfAbsent(r, k -> new LongAdder()).increment());
        }
        decided.getScores().forEach((screener, score) -> scores.computeIfAbsent(screener, k -> new Histogram()).observe(score));
    }

    public long clean() {
        return clean.sum();
    }

    public long quarantined() {
        return quarantined.sum();
    }

    public Map<String, Long> reasons() {
        Map<String, Long> out = new TreeMap<>();
        reasons.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    /** The score histograms in the Prometheus text format, one series per score key. */
    /** Writes the score histograms, one series per score key, through the shared Prometheus writer. */
    public void writeScoreHistograms(PrometheusWriter out) {
        out.family("safeflow_auditor_score", "histogram",
            "Scores by screener (and partial score), over records this instance screened.");
        new TreeMap<>(scores).forEach((screener, h) -> {
            for (int i = 0; i < BUCKETS.length; i++) {
                out.sample("safeflow_auditor_score_bucket",
                    Map.of("screener", screener, "le", String.format(Locale.ROOT, "%.1f", BUCKETS[i])), h.buckets[i].sum());
            }
            out.sample("safeflow_auditor_score_bucket", Map.of("screener", screener, "le", "+Inf"), h.count.sum());
            out.sample("safeflow_auditor_score_sum", "screener", screener, h.sum.sum());
            out.sample("safeflow_auditor_score_count", "screener", screener, h.count.sum());
        });
    }
}
