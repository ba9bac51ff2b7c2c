package dev.safeflow.trainer;

/**
 * AdamW and schedule settings for the LoRA tensors θ.
 *
 * @param lr peak learning rate; DESIGN.md's reference 1e-4
 * @param weightDecay decoupled (AdamW) decay, applied as {@code θ ← θ·(1 − lr·wd)}; reference 0.01
 * @param beta1 first-moment decay, PyTorch's default
 * @param beta2 second-moment decay, PyTorch's default
 * @param eps added to the denominator after bias correction, as PyTorch does
 * @param maxGradNorm joint L2 norm the θ gradient is clipped to; 0 turns clipping off
 * @param schedule {@code constant} or {@code cosine} (to zero at {@code totalSteps})
 * @param warmupSteps linear warm-up from 0 to {@code lr}
 * @param totalSteps length of the cosine decay; offline runs set it from the data
 * @param accumulation micro-batches whose gradients are summed into one step
 */
public record OptimizerConfig(double lr, double weightDecay, double beta1, double beta2, double eps, double maxGradNorm,
        String schedule, int warmupSteps, long totalSteps, int accumulation) {

    public static OptimizerConfig defaults() {
        return new OptimizerConfig(1e-4, 0.01, 0.9, 0.999, 1e-8, 1.0, "constant", 0, 0, 1);
    }

    public OptimizerConfig {
        if (!schedule.equals("constant") && !schedule.equals("cosine")) {
            throw new IllegalArgumentException("schedule '" + schedule + "' is unknown: use constant or cosine");
        }
        if (accumulation < 1) {
            throw new IllegalArgumentException("gradient accumulation must be at least 1, got " + accumulation);
        }
    }

    public OptimizerConfig withTotalSteps(long total) {
        return new OptimizerConfig(lr, weightDecay, beta1, beta2, eps, maxGradNorm, schedule, warmupSteps, total,
                accumulation);
    }

    public OptimizerConfig withLr(double newLr) {
        return new OptimizerConfig(newLr, weightDecay, beta1, beta2, eps, maxGradNorm, schedule, warmupSteps, totalSteps,
                accumulation);
    }
}
