package dev.safeflow.evaluator.gate;

import dev.safeflow.avro.Decision;
import dev.safeflow.avro.PromotionDecision;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Promoted checkpoints per run, in promotion order, and the ids of every checkpoint decided on.
 * Rebuilt on start from {@code model.promotions}, so it survives restarts without a store of its
 * own; read by the HTTP endpoint while the evaluator writes, hence synchronized.
 */
public final class PromotedRegistry {

    private final Map<String, List<PromotedCheckpoint>> byRun = new LinkedHashMap<>();
    private final Set<String> decided = ConcurrentHashMap.newKeySet();

    /** Records a decision; a repeated one (replay) changes nothing. */
    public synchronized void record(PromotionDecision d) {
        if (!decided.add(d.getCheckpointId())) {
            return;
        }
        if (d.getDecision() == Decision.PROMOTED) {
            byRun.computeIfAbsent(d.getRunId(), r -> new ArrayList<>()).add(new PromotedCheckpoint(d.getRunId(),
                d.getCheckpointId(), d.getMetrics(), d.getDecidedAt().toEpochMilli()));
        }
    }

    public boolean decided(String checkpointId) {
        return decided.contains(checkpointId);
    }

    public synchronized Optional<PromotedCheckpoint> latest(String runId) {
        List<PromotedCheckpoint> l = byRun.get(runId);
        return l == null || l.isEmpty() ? Optional.empty() : Optional.of(l.get(l.size() - 1));
    }

    public synchronized List<PromotedCheckpoint> promoted(String runId) {
        return List.copyOf(byRun.getOrDefault(runId, List.of()));
    }

    public synchronized Map<String, List<PromotedCheckpoint>> all() {
        Map<String, List<PromotedCheckpoint>> out = new LinkedHashMap<>();
        byRun.forEach((run, l) -> out.put(run, List.copyOf(l)));
        return out;
    }
}
