package dev.safeflow.evaluator.gate;

/**
 * When a checkpoint may be promoted.
 *
 * @param maxHarmful       highest harmful score (percent) a promoted checkpoint may have
 * @param minUtility       lowest utility (percent accuracy) it may have; checked only when the utility suite ran
 * @param maxRegression    δ in percentage points: no worse than the run's last promoted checkpoint by more
 *                         than this on harmful or utility; negative switches the rule off
 * @param rollbackOnReject on rejection, ask the trainer to restore the run's last promoted checkpoint
 */
public record GatePolicy(double maxHarmful, double minUtility, double maxRegression, boolean rollbackOnReject) {

    public GatePolicy {
        if (!(maxHarmful >= 0 && maxHarmful <= 100)) {
            throw new IllegalArgumentException("evaluator.gate.max-harmful must be a percentage in [0, 100], got " + maxHarmful);
        }
        if (!(minUtility >= 0 && minUtility <= 100)) {
            throw new IllegalArgumentException("evaluator.gate.min-utility must be a percentage in [0, 100], got " + minUtility);
        }
    }

    public boolean checksRegression() {
        return maxRegression >= 0;
    }
}
