package dev.safeflow.model.nn;

import ai.djl.ndarray.NDArray;

/** Root-mean-square normalisation over the last axis with a learned gain (no mean subtraction, no bias). */
public final class RmsNorm {

    private static final int[] LAST = {-1};
    private final NDArray weight; // (H)
    private final float eps;

    public RmsNorm(NDArray weight, double eps) {
        this.weight = weight;
        this.eps = (float) eps;
    }

    /** (..., H) → (..., H). */
    public NDArray forward(NDArray x) {
        NDArray rms = x.square().mean(LAST, true).add(eps).sqrt(); // (..., 1)
        return x.div(rms).mul(weight);
    }

    public NDArray weight() {
        return weight;
    }
}
