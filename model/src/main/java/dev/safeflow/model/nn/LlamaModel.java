package dev.safeflow.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.SparseFormat;
import dev.safeflow.model.ModelConfig;
import dev.safeflow.model.ModelException;
import dev.safeflow.model.generate.KvCache;
import java.util.ArrayList;
import java.util.List;

/**
 * A Llama-family decoder with its LM head: embed → layers → norm → logits.
 *
 * <p>Weights are immutable and live in {@link #manager()}; every array of a forward pass lands in
 * the manager of the input ids, so callers scope a step with {@code manager().newSubManager()}.
 * Dimensions: B batch, T new positions, S cached + new positions, H hidden, V vocabulary.
 */
public final class LlamaModel implements AutoCloseable {

    private final ModelConfig config;
    private final NDManager manager;
    private final NDArray embed; // (V, H)
    private final List<DecoderLayer> layers;
    private final RmsNorm norm;
    private final NDArray lmHead; // (V, H), the same array as embed when tied
    private final Rotary rotary;

    public LlamaModel(ModelConfig config, NDManager manager, NDArray embed, List<DecoderLayer> layers,
            RmsNorm norm, NDArray lmHead) {
        this.config = config;
        this.manager = manager;
        this.embed = embed;
        this.layers = List.copyOf(layers);
        this.norm = norm;
        this.lmHead = lmHead;
        this.rotary = new Rotary(config);
    }

    /**
     * Logits for every new position.
     *
     * @param ids (B, T) int64 token ids
     * @param padding (B, S) 1 for real tokens and 0 for padding, over cached and new positions
     * @param cache the generation cache (appended to), or null for a full forward
     * @param training applies LoRA dropout
     * @return (B, T, V)
     */
    public NDArray logits(NDArray ids, int[][] padding, KvCache cache, boolean training) {
        NDArray h = hidden(ids, padding, cache, training); // (B, T, H)
        return MixedPrecision.linear(h, lmHead, null);
    }

    /**
     * Logits of the last position only, (B, V): what decoding needs, without projecting every
     * prompt position onto the vocabulary.
     */
    public NDArray lastLogits(NDArray ids, int[][] padding, KvCache cache) {
        NDArray h = hidden(ids, padding, cache, false).get(":, -1, :"); // (B, H)
        return MixedPrecision.linear(h, lmHead, null);
    }

    /** The final-norm hidden states, (B, T, H). */
    public NDArray hidden(NDArray ids, int[][] padding, KvCache cache, boolean training) {
        checkIds(ids);
        int cached = cache == null ? 0 : cache.length();
        if (padding.length != ids.getShape().get(0) || padding[0].length != cached + ids.getShape().get(1)) {
            throw new IllegalArgumentException("padding mask is " + padding.length + " x " + padding[0].length
                    + ", expected " + ids.getShape().get(0) + " x " + (cached + ids.getShape().get(1))
                    + " (batch x cached + new positions)");
        }
        int window = config.slidingWindow();
        if (window > 0 && padding[0].length > window) {
            throw new ModelException("sequence of " + padding[0].length + " positions exceeds sliding_window "
                    + window + ", which safeflow does not implement; use at most " + window + " tokens");
        }
        NDManager step = ids.getManager();
        AttentionMask mask = AttentionMask.of(padding, (int) ids.getShape().get(1), step);
        NDList cosSin = rotary.cosSin(mask.positions()); // 2 × (B, 1, T, hd)
        NDArray x = MixedPrecision.toFloat32(
                ids.getNDArrayInternal().embedding(ids, embed, SparseFormat.DENSE).singletonOrThrow()); // (B, T, H)
        for (int i = 0; i < layers.size(); i++) {
            x = layers.get(i).forward(x, cosSin, mask.additive(), cache == null ? null : cache.layer(i), training);
        }
        if (cache != null) {
            cache.advance((int) ids.getShape().get(1));
        }
        return norm.forward(x);
    }

    /**
     * Log-probability of each next token under teacher forcing: entry t scores ids[t+1] given ids[..t].
     *
     * @param ids (B, T) right-padded
     * @param padding (B, T)
     * @return (B, T-1); entries whose target is padding are meaningless and must be masked by the caller
     */
    public NDArray tokenLogProbs(NDArray ids, int[][] padding, boolean training) {
        long t = ids.getShape().get(1);
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDArray logits = logits(ids, padding, null, training); // (B, T, V)
            NDArray logp = logits.get(":, :-1").logSoftmax(-1); // (B, T-1, V)
            NDArray targets = ids.get(":, 1:").expandDims(-1); // (B, T-1, 1)
            NDArray out = logp.gather(targets, -1).reshape(ids.getShape().get(0), t - 1);
            NDScope.unregister(out);
            return out;
        }
    }

    private void checkIds(NDArray ids) {
        if (ids.getShape().dimension() != 2) {
            throw new IllegalArgumentException("token ids must be (B, T), got " + ids.getShape());
        }
        long max = ids.max().getLong();
        long min = ids.min().getLong();
        if (min < 0 || max >= config.vocabSize()) {
            throw new IllegalArgumentException("token id " + (min < 0 ? min : max) + " is outside the vocabulary [0, "
                    + config.vocabSize() + ")");
        }
    }

    /** Every linear projection, named like its checkpoint module, in layer order. */
    public List<Projection> projections() {
        List<Projection> out = new ArrayList<>();
        for (DecoderLayer l : layers) {
            out.addAll(List.of(l.attention().projections()));
            out.addAll(List.of(l.mlp().projections()));
        }
        return out;
    }

    public ModelConfig config() {
        return config;
    }

    public NDManager manager() {
        return manager;
    }

    public List<DecoderLayer> layers() {
        return layers;
    }

    public NDArray embed() {
        return embed;
    }

    public NDArray lmHead() {
        return lmHead;
    }

    public RmsNorm norm() {
        return norm;
    }

    @Override
    public void close() {
        manager.close();
    }
}
