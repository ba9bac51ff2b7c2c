package dev.safeflow.trainer.stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.safeflow.schemas.metrics.MetricsText;
import dev.safeflow.trainer.step.StepMetrics;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TrainerMetricsTest {
    private static StepMetrics step(long n, double loss, double contrastive) {
        return new StepMetrics(n, loss, contrastive, 0.1, 0.0, 0.0, 1e-4, 1.0, -3, 0, Double.NaN, 2_000, 500);
    }

    @Test
    void stepsLossThroughputLagAndCheckpointAgeAreExportedByTheConvention() {
        AtomicLong now = new AtomicLong(1_000_000);
        TrainerMetrics m = new TrainerMetrics(now::get);
        m.step(step(1, 2.5, 0.7), 10);
        m.step(step(2, 2.25, Double.NaN), 10);
        m.lag(42);
        now.addAndGet(90_000);
        String out = MetricsText.render(m.registry());
        assertTrue(out.contains("safeflow_trainer_steps_total 2.0"), out);
        assertTrue(out.contains("safeflow_trainer_records_total 20.0"), out);
        assertTrue(out.contains("safeflow_trainer_task_loss 2.25"), out);
        assertTrue(out.contains("safeflow_trainer_contrastive_loss 0.7"), "a step without L_c keeps the last one: " + out);
        assertTrue(out.contains("safeflow_trainer_tokens_per_second 4000.0"), out);
        assertTrue(out.contains("safeflow_trainer_step_seconds 0.5"), out);
        assertTrue(out.contains("safeflow_trainer_lag_records 42.0"), out);
        assertTrue(out.contains("safeflow_trainer_checkpoint_age_seconds 90.0"), out);
        m.checkpoint(now.get());
        now.addAndGet(5_000);
        out = MetricsText.render(m.registry());
        assertTrue(out.contains("safeflow_trainer_checkpoint_age_seconds 5.0"), out);
        assertTrue(out.contains("safeflow_trainer_checkpoints_total 1.0"), out);
    }
}
