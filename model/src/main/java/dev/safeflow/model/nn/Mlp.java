package dev.safeflow.model.nn;

import ai.djl.ndarray.NDArray;

/** SwiGLU feed-forward: {@code down(silu(gate(x)) · up(x))}. Dimensions: H hidden, I intermediate. */
public final class Mlp {

    private final Projection gate;
    private final Projection up;
    private final Projection down;

    public Mlp(Projection gate, Projection up, Projection down) {
        this.gate = gate;
        this.up = up;
        this.down = down;
    }

    /** (..., H) → (..., H). */
    public NDArray forward(NDArray x, boolean training) {
        NDArray g = gate.forward(x, training); // (..., I)
        NDArray silu = g.mul(g.getNDArrayInternal().sigmoid());
        return down.forward(silu.mul(up.forward(x, training)), training);
    }

    public Projection[] projections() {
        return new Projection[] {gate, up, down};
    }
}
