package dev.safeflow.app.demo;

import dev.safeflow.app.demo.TopicTally.Seen;
import dev.safeflow.avro.CheckpointEvent;
import dev.safeflow.avro.PromotionDecision;
import java.util.List;
import java.util.Map;

/** What {@link TopicTally} had read at one moment; record maps are keyed by record id. */
public record Snapshot(Map<String, Seen> raw, Map<String, Seen> clean, Map<String, Seen> quarantine,
                       Map<String, Integer> cleanCount, Map<String, Integer> quarantineCount,
                       List<CheckpointEvent> checkpoints, Map<String, Map<String, Double>> metrics,
                       Map<String, PromotionDecision> decisions) {

    /** Raw records the auditor has written to neither stream yet (or dropped as replays). */
    public long unaudited() {
        return raw.keySet().stream().filter(id -> !clean.containsKey(id) && !quarantine.containsKey(id)).count();
    }

    /** Records on both streams, or on one more than once: must be 0 under exactly-once. */
    public long duplicated() {
        long both = clean.keySet().stream().filter(quarantine::containsKey).count();
        long twice = cleanCount.values().stream().filter(n -> n > 1).count()
            + quarantineCount.values().stream().filter(n -> n > 1).count();
        return both + twice;
    }

    public long count(Map<String, Seen> records, String source, Boolean poison) {
        return records.values().stream().filter(s -> source == null || s.source().equals(source))
            .filter(s -> poison == null || s.poison() == poison).count();
    }

    public CheckpointEvent lastCheckpoint() {
        return checkpoints.stream().max(java.util.Comparator.comparingLong(CheckpointEvent::getStep)).orElse(null);
    }

    public Double score(String checkpointId, String suite) {
        Map<String, Double> m = metrics.get(checkpointId);
        return m == null ? null : m.get(suite);
    }

    /** Whether every checkpoint seen has a gate decision. */
    public boolean allDecided() {
        return !checkpoints.isEmpty() && checkpoints.stream().allMatch(c -> decisions.containsKey(c.getCheckpointId()));
    }
}
