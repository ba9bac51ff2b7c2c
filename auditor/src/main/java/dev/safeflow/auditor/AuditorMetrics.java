package dev.safeflow.auditor;

import dev.safeflow.avro.AuditedRecord;
import dev.safeflow.avro.Verdict;
import dev.safeflow.schemas.metrics.MetricsText;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters for {@code /metrics}: verdicts and reasons as this instance decided them, and the distribution
 * of every screener's scores (a histogram per score key), so a drift in incoming data shows before the
 * quarantine rate moves. They count work done, so a record reprocessed after a crash counts twice here
 * though it is written once. Exported through the Prometheus client's registry ({@link #registry()}).
 */
public final class AuditorMetrics {
    /** Upper bounds of the score histogram buckets; scores live in [0, 1]. */
    static final double[] BUCKETS = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0};

    private final LongAdder clean = new LongAdder();
    private final LongAdder quarantined = new LongAdder();
    private final Map<String, LongAdder> reasons = new ConcurrentHashMap<>();
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Histogram scores;

    public AuditorMetrics() {
        CounterWithCallback.builder().name(MetricsText.name("auditor", "records")).help("Records decided by this instance, by verdict.")
            .labelNames("verdict").callback(c -> {
                c.call(clean.sum(), "clean");
                c.call(quarantined.sum(), "quarantined");
            }).register(registry);
        CounterWithCallback.builder().name(MetricsText.name("auditor", "quarantine_reasons")).help("Quarantined records by reason.")
            .labelNames("reason").callback(c -> reasons.forEach((reason, n) -> c.call(n.sum(), reason))).register(registry);
        scores = Histogram.builder().name(MetricsText.name("auditor", "score"))
            .help("Scores by screener (and partial score), over records this instance screened.")
            .labelNames("screener").classicOnly().classicUpperBounds(BUCKETS).register(registry);
    }

    void record(AuditedRecord decided) {
        if (decided.getVerdict() == Verdict.CLEAN) {
            clean.increment();
        } else {
            quarantined.increment();
            decided.getReasons().forEach(r -> reasons.computeIfAbsent(r, k -> new LongAdder()).increment());
        }
        decided.getScores().forEach((screener, score) -> scores.labelValues(screener).observe(score));
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

    /** The auditor's own series; {@code http/PrometheusText} adds Kafka Streams' metrics at each scrape. */
    public PrometheusRegistry registry() {
        return registry;
    }
}
