package dev.safeflow.evaluator.gate;

import java.util.Map;

/** A checkpoint the gate promoted, with the scores it was promoted on. */
public record PromotedCheckpoint(String runId, String checkpointId, Map<String, Double> scores, long decidedAt) {
    public PromotedCheckpoint {
        scores = Map.copyOf(scores);
    }
}
