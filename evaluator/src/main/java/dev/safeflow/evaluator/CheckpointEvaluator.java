package dev.safeflow.evaluator;

import dev.safeflow.avro.CheckpointEvent;
import dev.safeflow.evaluator.checkpoint.CheckpointLocation;
import dev.safeflow.evaluator.checkpoint.ManifestVerifier;
import dev.safeflow.evaluator.checkpoint.Verification;
import dev.safeflow.evaluator.suite.JsonlReport;
import dev.safeflow.evaluator.suite.Subject;
import dev.safeflow.evaluator.suite.SuiteResult;
import dev.safeflow.model.ModelRuntime;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * Evaluates one announced checkpoint: verifies its manifest first and loads nothing from a directory
 * that fails; otherwise loads base model plus adapter, runs the plan and writes the JSONL reports.
 * Kafka-free, so the one-off {@code safeflow eval} and the streaming evaluator share it.
 */
public final class CheckpointEvaluator {

    /** What became of a checkpoint: refused (verification failed) or evaluated. */
    public record Outcome(Verification verification, List<SuiteResult> results) {
        public Outcome {
            results = List.copyOf(results);
        }

        public boolean refused() {
            return !verification.intact();
        }
    }

    private final EvaluationPlan plan;
    private final Path baseModelOverride;
    private final Path reportDir;

    /** @param baseModelOverride base model for every checkpoint, or null to use each event's baseModel */
    public CheckpointEvaluator(EvaluationPlan plan, Path baseModelOverride, Path reportDir) {
        this.plan = plan;
        this.baseModelOverride = baseModelOverride;
        this.reportDir = reportDir;
    }

    public Outcome evaluate(CheckpointEvent event) {
        return evaluate(event, (result, took) -> { });
    }

    /** As {@link #evaluate(CheckpointEvent)}, telling {@code onSuite} each suite's result and time as it finishes. */
    public Outcome evaluate(CheckpointEvent event, BiConsumer<SuiteResult, Duration> onSuite) {
        Path dir = CheckpointLocation.resolve(event.getUri());
        Verification v = ManifestVerifier.verify(dir, event.getManifestSha256());
        if (!v.intact()) {
            return new Outcome(v, List.of());
        }
        Path base = baseModelOverride != null ? baseModelOverride : Path.of(event.getBaseModel());
        try (ModelRuntime model = ModelRuntime.open(base, dir)) {
            List<SuiteResult> results = plan.run(new Subject(base, dir, model), onSuite);
            for (SuiteResult r : results) {
                JsonlReport.write(reportDir, event.getCheckpointId(), r);
            }
            return new Outcome(v, results);
        }
    }
}
