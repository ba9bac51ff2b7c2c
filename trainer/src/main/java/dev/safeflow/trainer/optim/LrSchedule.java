package dev.safeflow.trainer.optim;

import dev.safeflow.trainer.OptimizerConfig;

/** Learning rate of 0-based step {@code step}: linear warm-up, then constant or cosine decay to zero. */
public final class LrSchedule {

    private LrSchedule() {}

    public static double lr(OptimizerConfig c, long step) {
        if (step < c.warmupSteps()) {
            return c.lr() * (step + 1) / c.warmupSteps();
        }
        if (c.schedule().equals("constant") || c.totalSteps() <= 0) {
            return c.lr();
        }
        double progress = Math.min(1.0, (double) (step - c.warmupSteps()) / Math.max(1, c.totalSteps() - c.warmupSteps()));
        return c.lr() * 0.5 * (1 + Math.cos(Math.PI * progress));
    }
}
