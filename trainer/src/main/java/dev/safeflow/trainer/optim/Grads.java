package dev.safeflow.trainer.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;

/**
 * Gradient bookkeeping over a list of parameters. PyTorch accumulates into each leaf's {@code .grad};
 * {@link #take} copies the accumulated values into the step's manager and zeroes the leaves, so the
 * next backward starts clean.
 */
public final class Grads {

    private Grads() {}

    /** Copies of the current gradients, in {@code m}; the parameters' gradients are zeroed. */
    public static List<NDArray> take(List<NDArray> params, NDManager m) {
        List<NDArray> out = new ArrayList<>(params.size());
        for (NDArray p : params) {
            NDArray g = p.getGradient(); // a new handle on the leaf's .grad (or fresh zeros)
            g.attach(m);
            NDArray copy = g.duplicate();
            copy.attach(m);
            g.subi(g);
            out.add(copy);
        }
        return out;
    }

    /** Zeroes every gradient that exists, e.g. before a step. */
    public static void zero(List<NDArray> params, NDManager m) {
        for (NDArray p : params) {
            if (p.hasGradient()) {
                NDArray g = p.getGradient();
                g.attach(m);
                g.subi(g);
            }
        }
    }

    /** The joint L2 norm of all tensors, accumulated in double. */
    public static double norm(List<NDArray> tensors) {
        double sq = 0;
        for (NDArray t : tensors) {
            try (NDArray s = t.square().sum()) {
                sq += s.getFloat();
            }
        }
        return Math.sqrt(sq);
    }

    /** Σ ⟨a_i, b_i⟩ in double. */
    public static double dot(List<NDArray> a, List<NDArray> b) {
        double d = 0;
        for (int i = 0; i < a.size(); i++) {
            try (NDArray s = a.get(i).mul(b.get(i)).sum()) {
                d += s.getFloat();
            }
        }
        return d;
    }

    /** Scales {@code grads} in place so their joint norm is at most {@code maxNorm}; returns the norm before. */
    public static double clip(List<NDArray> grads, double maxNorm) {
        double norm = norm(grads);
        if (maxNorm > 0 && norm > maxNorm) {
            float coef = (float) (maxNorm / (norm + 1e-6));
            grads.forEach(g -> g.muli(coef));
        }
        return norm;
    }

    /** Exact copies of {@code params} in {@code m}, for a bit-exact {@link #restore}. */
    public static List<NDArray> copy(List<NDArray> params, NDManager m) {
        List<NDArray> out = new ArrayList<>(params.size());
        for (NDArray p : params) {
            NDArray c = p.duplicate();
            c.attach(m);
            out.add(c);
        }
        return out;
    }

    /** Writes the saved bytes back: unlike {@code θ + ρĝ − ρĝ}, this cannot drift. */
    public static void restore(List<NDArray> params, List<NDArray> saved) {
        for (int i = 0; i < params.size(); i++) {
            params.get(i).set(saved.get(i).toByteBuffer());
        }
    }
}
