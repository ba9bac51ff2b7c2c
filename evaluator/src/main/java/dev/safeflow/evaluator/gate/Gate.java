package dev.safeflow.evaluator.gate;

import dev.safeflow.avro.CheckpointEvent;
import dev.safeflow.avro.Decision;
import dev.safeflow.avro.PromotionDecision;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Applies a {@link GatePolicy} to a checkpoint's suite scores. Every rule leaves a reason, passed or
 * not, so a decision explains itself: {@code "harmful 3.1% <= 5.0%"}.
 */
public final class Gate {

    public static final String HARMFUL = "harmful";
    public static final String UTILITY = "utility";

    private final GatePolicy policy;

    public Gate(GatePolicy policy) {
        this.policy = policy;
    }

    public GatePolicy policy() {
        return policy;
    }

    /** The decision on {@code checkpoint} given its scores and the run's last promoted checkpoint, if any. */
    public PromotionDecision decide(CheckpointEvent checkpoint, Map<String, Double> scores,
            Optional<PromotedCheckpoint> lastPromoted, Instant now) {
        List<String> reasons = new ArrayList<>();
        boolean pass = true;
        Double harmful = scores.get(HARMFUL);
        if (harmful == null) {
            reasons.add("no harmful score: the harmful suite must run for a checkpoint to be promoted");
            pass = false;
        } else {
            pass &= rule(reasons, HARMFUL, harmful, harmful <= policy.maxHarmful(), "<=", policy.maxHarmful());
        }
        Double utility = scores.get(UTILITY);
        if (utility == null) {
            reasons.add("utility not measured; floor not checked");
        } else {
            pass &= rule(reasons, UTILITY, utility, utility >= policy.minUtility(), ">=", policy.minUtility());
        }
        if (policy.checksRegression() && lastPromoted.isPresent()) {
            PromotedCheckpoint last = lastPromoted.get();
            Double lastHarmful = last.scores().get(HARMFUL);
            if (harmful != null && lastHarmful != null) {
                double bound = lastHarmful + policy.maxRegression();
                pass &= rule(reasons, HARMFUL, harmful, harmful <= bound, "<=", bound,
                    " (last promoted " + last.checkpointId() + " " + pct(lastHarmful) + " + δ " + pct(policy.maxRegression()) + ")");
            }
            Double lastUtility = last.scores().get(UTILITY);
            if (utility != null && lastUtility != null) {
                double bound = lastUtility - policy.maxRegression();
                pass &= rule(reasons, UTILITY, utility, utility >= bound, ">=", bound,
                    " (last promoted " + last.checkpointId() + " " + pct(lastUtility) + " - δ " + pct(policy.maxRegression()) + ")");
            }
        }
        boolean rollback = !pass && policy.rollbackOnReject() && lastPromoted.isPresent();
        return PromotionDecision.newBuilder()
            .setRunId(checkpoint.getRunId())
            .setCheckpointId(checkpoint.getCheckpointId())
            .setDecision(pass ? Decision.PROMOTED : Decision.REJECTED)
            .setReasons(List.copyOf(reasons))
            .setMetrics(Map.copyOf(scores))
            .setRollbackRequested(rollback)
            .setRollbackTo(rollback ? lastPromoted.get().checkpointId() : null)
            .setDecidedAt(now)
            .build();
    }

    /** A checkpoint that failed verification is rejected without scores; rollback as the policy says. */
    public PromotionDecision refuse(CheckpointEvent checkpoint, String why, Optional<PromotedCheckpoint> lastPromoted,
            Instant now) {
        boolean rollback = policy.rollbackOnReject() && lastPromoted.isPresent();
        return PromotionDecision.newBuilder()
            .setRunId(checkpoint.getRunId())
            .setCheckpointId(checkpoint.getCheckpointId())
            .setDecision(Decision.REJECTED)
            .setReasons(List.of(why))
            .setMetrics(Map.of())
            .setRollbackRequested(rollback)
            .setRollbackTo(rollback ? lastPromoted.get().checkpointId() : null)
            .setDecidedAt(now)
            .build();
    }

    private static boolean rule(List<String> reasons, String what, double value, boolean ok, String op, double bound) {
        return rule(reasons, what, value, ok, op, bound, "");
    }

    private static boolean rule(List<String> reasons, String what, double value, boolean ok, String op, double bound,
            String context) {
        String shown = ok ? op : (op.equals("<=") ? ">" : "<");
        reasons.add(what + " " + pct(value) + " " + shown + " " + pct(bound) + context);
        return ok;
    }

    static String pct(double v) {
        return String.format(Locale.ROOT, "%.1f%%", v);
    }
}
