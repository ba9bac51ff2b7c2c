package dev.safeflow.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

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
        // x · (mean x² + ε)^−½, transformers' rsqrt form: the power of a (..., 1) array and a product, rather than a
        // (..., H) division whose backward divides again. The exponent is a libtorch-owned scalar: pow(Number) would
        // wrap a Java buffer that autograd keeps but GC may free (so libtorch's scalar rsqrt shortcut is not taken;
        // at (..., 1) that costs nothing).
        NDArray inverse = x.square().mean(LAST, true).add(eps).pow(x.getManager().full(new Shape(), -0.5f, x.getDataType())); // (..., 1)
        return x.mul(inverse).mul(weight);
    }

    public NDArray weight() {
        return weight;
    }
}
