package dev.safeflow.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.core.Linear;

/**
 * Products with a frozen weight that may be held in half precision (on CUDA, see {@code Placement}) while
 * activations, LoRA tensors and probes stay float32: the input is cast to the weight's type for the GEMM and
 * the result back. With float32 weights (always on the CPU) these are the plain operations.
 */
final class MixedPrecision {

    private MixedPrecision() {}

    /** {@code x Wᵀ + b}: (..., in) → (..., out) in x's precision. */
    static NDArray linear(NDArray x, NDArray weight, NDArray bias) {
        DataType w = weight.getDataType();
        if (w == x.getDataType()) {
            return Linear.linear(x, weight, bias).singletonOrThrow();
        }
        return Linear.linear(x.toType(w, false), weight, bias).singletonOrThrow().toType(x.getDataType(), false);
    }

    /** {@code a W}: (..., out) → (..., in) in a's precision. */
    static NDArray matMul(NDArray a, NDArray weight) {
        DataType w = weight.getDataType();
        return w == a.getDataType() ? a.matMul(weight) : a.toType(w, false).matMul(weight).toType(a.getDataType(), false);
    }

    /** An embedding lookup's rows as float32. */
    static NDArray toFloat32(NDArray a) {
        return a.getDataType() == DataType.FLOAT32 ? a : a.toType(DataType.FLOAT32, false);
    }
}
