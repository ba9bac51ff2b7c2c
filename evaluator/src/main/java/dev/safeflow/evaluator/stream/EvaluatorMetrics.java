package dev.safeflow.evaluator.stream;

import dev.safeflow.avro.Decision;
import dev.safeflow.schemas.metrics.MetricsText;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import java.time.Duration;
import java.util.Locale;

/**
 * What the streaming evaluator exports on {@code /metrics}: checkpoints by outcome (the gate's decision, or refused
 * before any suite ran), the last score of each suite, and how long each suite takes (a judge model that slows down
 * shows here before the checkpoint backlog does). Counted by this process: a restart starts the counters at zero.
 */
public final class EvaluatorMetrics {
    private final PrometheusRegistry registry = new PrometheusRegistry();
    /** The outcomes a checkpoint can have: the gate's decisions, then the two ways it never reaches the gate. */
    public static final java.util.List<String> OUTCOMES = java.util.List.of("promoted", "rejected", "refused", "failed");
    private final Counter checkpoints;
    private final Gauge score;
    private final Histogram suiteSeconds;
    private final Gauge lastDecisionTime;

    public EvaluatorMetrics() {
        checkpoints = Counter.builder().name(MetricsText.name("evaluator", "checkpoints"))
            .help("Checkpoints decided, by outcome: promoted or rejected by the gate, refused when the event or its checkpoint failed verification, failed when evaluation threw.")
            .labelNames("outcome").register(registry);
        for (String outcome : OUTCOMES) {
            checkpoints.initLabelValues(outcome); // a rate of refusals reads 0, not "no data", before the first one
        }
        score = Gauge.builder().name(MetricsText.name("evaluator", "score"))
            .help("The last evaluated checkpoint's score per suite, in percent (harmful score, or accuracy for utility).")
            .labelNames("suite").register(registry);
        suiteSeconds = Histogram.builder().name(MetricsText.name("evaluator", "suite")).unit(Unit.SECONDS)
            .help("Time to run one suite on one checkpoint (generation and judging).")
            .classicUpperBounds(1, 5, 15, 30, 60, 120, 300, 600, 1800).labelNames("suite").register(registry);
        lastDecisionTime = Gauge.builder().name(MetricsText.name("evaluator", "last_decision_timestamp")).unit(Unit.SECONDS)
            .help("Unix time of the last decision this process published.").register(registry);
    }

    public void decided(Decision decision, long atMillis) {
        outcome(decision.name().toLowerCase(Locale.ROOT), atMillis);
    }

    /** One of {@link #OUTCOMES}. */
    public void outcome(String outcome, long atMillis) {
        checkpoints.labelValues(outcome).inc();
        lastDecisionTime.set(atMillis / 1000.0);
    }

    public void suite(String suite, double scorePercent, Duration took) {
        score.labelValues(suite).set(scorePercent);
        suiteSeconds.labelValues(suite).observe(took.toNanos() / 1e9);
    }

    public PrometheusRegistry registry() {
        return registry;
    }
}
