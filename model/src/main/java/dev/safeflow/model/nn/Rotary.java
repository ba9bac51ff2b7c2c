package dev.safeflow.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import dev.safeflow.model.ModelConfig;

/**
 * Rotary position embedding in Hugging Face's rotate-half convention: a head vector's first and
 * second halves form the (real, imaginary) pairs, so {@code x' = x cos + rotateHalf(x) sin}.
 *
 * <p>Dimensions: B batch, n heads, T positions, hd head width.
 */
public final class Rotary {

    private final float[] invFreq; // (hd/2)

    public Rotary(ModelConfig c) {
        double[] f = new double[c.headDim() / 2];
        for (int i = 0; i < f.length; i++) {
            f[i] = 1.0 / Math.pow(c.ropeTheta(), (2.0 * i) / c.headDim());
        }
        if (c.ropeScaling() != null) {
            c.ropeScaling().apply(f);
        }
        invFreq = new float[f.length];
        for (int i = 0; i < f.length; i++) {
            invFreq[i] = (float) f[i];
        }
    }

    /** {@code positions} (B, T) integer → {cos, sin}, each (B, 1, T, hd), in the positions' manager. */
    public NDList cosSin(NDArray positions) {
        NDArray inv = positions.getManager().create(invFreq); // (hd/2)
        NDArray freqs = positions.toType(DataType.FLOAT32, false).expandDims(-1).mul(inv); // (B, T, hd/2)
        NDArray emb = freqs.concat(freqs, -1).expandDims(1); // (B, 1, T, hd)
        return new NDList(emb.cos(), emb.sin());
    }

    /** (B, n, T, hd) → (B, n, T, hd). */
    public static NDArray apply(NDArray x, NDList cosSin) {
        NDList halves = x.split(2, 3); // 2 × (B, n, T, hd/2)
        NDArray rotated = halves.get(1).neg().concat(halves.get(0), 3); // (B, n, T, hd)
        return x.mul(cosSin.get(0)).add(rotated.mul(cosSin.get(1)));
    }
}
