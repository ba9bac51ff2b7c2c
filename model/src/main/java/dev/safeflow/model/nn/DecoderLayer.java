package dev.safeflow.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDScope;
import dev.safeflow.model.generate.KvCache;

/**
 * One pre-norm decoder block: {@code h = x + attn(norm1(x)); out = h + mlp(norm2(h)) + probe}.
 *
 * <p>The optional probe vector (SAP, DESIGN.md) is added to the MLP down-projection output, i.e. to
 * the residual stream, at every position. Dimensions: B batch, T positions, H hidden.
 */
public final class DecoderLayer {

    private final RmsNorm inputNorm;
    private final Attention attention;
    private final RmsNorm postAttentionNorm;
    private final Mlp mlp;
    private NDArray probe; // (H) or null

    public DecoderLayer(RmsNorm inputNorm, Attention attention, RmsNorm postAttentionNorm, Mlp mlp) {
        this.inputNorm = inputNorm;
        this.attention = attention;
        this.postAttentionNorm = postAttentionNorm;
        this.mlp = mlp;
    }

    /**
     * (B, T, H) → (B, T, H). Temporaries are closed when the layer returns (autograd keeps what it
     * saved), so the allocator reuses warm memory instead of faulting in fresh pages for every op.
     */
    public NDArray forward(NDArray x, NDList cosSin, NDArray mask, KvCache.Layer cache, boolean training) {
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDArray h = x.add(attention.forward(inputNorm.forward(x), cosSin, mask, cache, training));
            NDArray m = mlp.forward(postAttentionNorm.forward(h), training);
            NDArray out = h.add(probe == null ? m : m.add(probe));
            NDScope.unregister(out);
            return out;
        }
    }

    public Attention attention() {
        return attention;
    }

    public Mlp mlp() {
        return mlp;
    }

    public RmsNorm inputNorm() {
        return inputNorm;
    }

    public RmsNorm postAttentionNorm() {
        return postAttentionNorm;
    }

    /** Sets or clears ({@code null}) the probe vector of shape (H). */
    public void setProbe(NDArray probe) {
        this.probe = probe;
    }
}
