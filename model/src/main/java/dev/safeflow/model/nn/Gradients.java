package dev.safeflow.model.nn;

import ai.djl.ndarray.NDArray;
import java.util.Collection;

/**
 * Gradient book-keeping for trainable arrays (LoRA tensors, probes).
 *
 * <p>libtorch accumulates gradients across backward passes, and DJL 0.36's PyTorch
 * {@code GradientCollector} no longer zeroes them when it opens (its {@code zeroGradients()} call
 * is disabled for speed, DJL PR #2304): zero them before each backward whose gradient you read.
 */
public final class Gradients {

    private Gradients() {}

    /** Sets every existing gradient to zero in place. */
    public static void zero(Collection<NDArray> params) {
        for (NDArray p : params) {
            if (p.hasGradient()) {
                try (NDArray g = p.getGradient()) {
                    g.subi(g);
                }
            }
        }
    }

    /** The joint L2 norm of the gradients of {@code params} (absent gradients count as zero). */
    public static double norm(Collection<NDArray> params) {
        double sq = 0;
        for (NDArray p : params) {
            if (p.hasGradient()) {
                // results land in the parameter's long-lived manager: close each one
                try (NDArray g = p.getGradient(); NDArray g2 = g.square(); NDArray s = g2.sum()) {
                    sq += s.getFloat();
                }
            }
        }
        return Math.sqrt(sq);
    }
}
