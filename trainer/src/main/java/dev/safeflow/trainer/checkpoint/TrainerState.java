package dev.safeflow.trainer.checkpoint;

import java.util.List;
import java.util.Map;

/**
 * {@code trainer_state.json}: where a checkpoint stands in its run.
 *
 * @param step optimizer steps taken in the lineage
 * @param configHash {@link dev.safeflow.trainer.TrainingConfig#hash()}; a resume with other settings is refused
 * @param seed with {@code step}, all the randomness a resumed run needs: contrastive batches, data order
 *     and dropout are drawn from generators seeded by (seed, step)
 * @param offsets per partition of the consumed topic, the first offset not yet trained on (streaming)
 * @param dataPosition micro-batches consumed from the file (offline)
 * @param records records trained on in the lineage
 */
public record TrainerState(long step, String runId, String configHash, String method, String baseModel, long seed,
        List<Offset> offsets, long dataPosition, long records, Map<String, Double> metrics, String parentCheckpointId,
        long createdAt) {

    /** The next offset to consume of one partition. */
    public record Offset(String topic, int partition, long nextOffset) {}

    public TrainerState {
        offsets = offsets == null ? List.of() : List.copyOf(offsets);
        metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
    }

    /** {@code <runId>-step-<step>}, zero-padded so directory listings sort by step. */
    public String checkpointId() {
        return runId + "-step-" + String.format("%08d", step);
    }
}
