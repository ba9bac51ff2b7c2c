package dev.safeflow.trainer.stream;

import dev.safeflow.schemas.metrics.MetricsText;
import dev.safeflow.trainer.step.StepMetrics;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.function.LongSupplier;

/**
 * What the streaming trainer exports on {@code /metrics}: steps, the last step's losses and throughput, how far
 * behind {@code ft.clean} it is, and how old its newest checkpoint is (a trainer that stopped checkpointing would
 * replay everything since after a crash). Counted by this process: a restart starts the counters at zero.
 */
public final class TrainerMetrics {
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Counter steps;
    private final Counter records;
    private final Counter checkpoints;
    private final Gauge taskLoss;
    private final Gauge contrastiveLoss;
    private final Gauge tokensPerSecond;
    private final Gauge stepSeconds;
    private final Gauge lag;
    private volatile long lastCheckpointAt;

    public TrainerMetrics(LongSupplier clockMillis) {
        // Until the first checkpoint, nothing this process trained is persisted: the age counts from the start.
        lastCheckpointAt = clockMillis.getAsLong();
        steps = Counter.builder().name(MetricsText.name("trainer", "steps")).help("Optimizer steps taken.").register(registry);
        records = Counter.builder().name(MetricsText.name("trainer", "records")).help("Records of ft.clean trained on.")
            .register(registry);
        checkpoints = Counter.builder().name(MetricsText.name("trainer", "checkpoints")).help("Checkpoints written.")
            .register(registry);
        taskLoss = Gauge.builder().name(MetricsText.name("trainer", "task_loss"))
            .help("Task loss (mean token cross-entropy on responses) of the last step.").register(registry);
        contrastiveLoss = Gauge.builder().name(MetricsText.name("trainer", "contrastive_loss"))
            .help("Contrastive safety loss L_c of the last step that computed one (SAP only).").register(registry);
        tokensPerSecond = Gauge.builder().name(MetricsText.name("trainer", "tokens_per_second"))
            .help("Training tokens per second of the last step.").register(registry);
        stepSeconds = Gauge.builder().name(MetricsText.name("trainer", "step")).unit(Unit.SECONDS)
            .help("Wall time of the last step.").register(registry);
        lag = Gauge.builder().name(MetricsText.name("trainer", "lag")).unit(new Unit("records"))
            .help("Records on ft.clean after the last trained offset, summed over partitions.").register(registry);
        GaugeWithCallback.builder().name(MetricsText.name("trainer", "checkpoint_age")).unit(Unit.SECONDS)
            .help("Seconds since this process wrote its newest checkpoint (since it started, before the first).")
            .callback(c -> c.call((clockMillis.getAsLong() - lastCheckpointAt) / 1000.0)).register(registry);
    }

    void step(StepMetrics m, long trainedRecords) {
        steps.inc();
        records.inc(trainedRecords);
        taskLoss.set(m.taskLoss());
        if (Double.isFinite(m.contrastiveLoss())) {
            contrastiveLoss.set(m.contrastiveLoss());
        }
        tokensPerSecond.set(m.tokensPerSecond());
        stepSeconds.set(m.millis() / 1000.0);
    }

    void checkpoint(long atMillis) {
        lastCheckpointAt = atMillis;
        checkpoints.inc();
    }

    void lag(long behind) {
        lag.set(behind);
    }

    public PrometheusRegistry registry() {
        return registry;
    }
}
