package dev.safeflow.model.lora;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.core.Linear;

/**
 * The low-rank update of one projection: {@code Δy = scale · B(A(dropout(x)))}, with A (r, in) and
 * B (out, r). Only these two arrays are trainable; the base weight stays frozen.
 */
public final class LoraWeights {

    private final NDArray a; // (r, in)
    private final NDArray b; // (out, r)
    private final float scale;
    private final float dropout;

    public LoraWeights(NDArray a, NDArray b, float scale, float dropout) {
        this.a = a;
        this.b = b;
        this.scale = scale;
        this.dropout = dropout;
    }

    /** (..., in) → (..., out). */
    public NDArray forward(NDArray x, boolean training) {
        NDArray in = training && dropout > 0 ? DropoutMasks.apply(x, dropout) : x;
        NDArray low = Linear.linear(in, a).singletonOrThrow(); // (..., r)
        NDArray y = Linear.linear(low, b).singletonOrThrow();
        if (scale == 1f) {
            return y; // α = r, the defaults: the product by 1 would be exact, and a (..., out) pass each way
        }
        // A libtorch-owned scalar: mul(Number) wraps a Java buffer that autograd keeps but GC may free.
        return y.mul(y.getManager().full(new ai.djl.ndarray.types.Shape(), scale));
    }

    /** {@code scale · B A}, (out, in), the dense update that merging adds to the base weight. */
    public NDArray delta() {
        return b.matMul(a).mul(scale);
    }

    public NDArray a() {
        return a;
    }

    public NDArray b() {
        return b;
    }

    public float scale() {
        return scale;
    }
}
