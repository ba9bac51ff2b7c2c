package dev.safeflow.evaluator;

import dev.safeflow.avro.CheckpointEvent;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** CheckpointEvents for tests. */
public final class Checkpoints {

    private Checkpoints() {
    }

    public static CheckpointEvent event(String runId, long step, String baseModel, String uri, String manifestSha256) {
        return CheckpointEvent.newBuilder()
            .setCheckpointId(runId + "-step-" + step)
            .setRunId(runId)
            .setStep(step)
            .setMethod("sft")
            .setBaseModel(baseModel)
            .setUri(uri)
            .setManifestSha256(manifestSha256)
            .setOffsets(List.of())
            .setMetrics(Map.of())
            .setParentCheckpointId(null)
            .setRecords(step * 10)
            .setCreatedAt(Instant.ofEpochMilli(1_700_000_000_000L + step))
            .build();
    }

    /** The event the trainer would announce for {@code c}. */
    public static CheckpointEvent of(dev.safeflow.trainer.checkpoint.Checkpoint c) {
        return CheckpointEvent.newBuilder(event(c.state().runId(), c.state().step(), c.state().baseModel(),
            c.dir().toUri().toString(), c.manifestSha256())).setCheckpointId(c.id()).build();
    }

    public static CheckpointEvent event(String runId, long step) {
        return event(runId, step, "base", "file:///nowhere", "");
    }
}
