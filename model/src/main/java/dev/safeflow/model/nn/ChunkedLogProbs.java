package dev.safeflow.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;

/**
 * Teacher-forced token log-probabilities without ever holding (B, T, V) logits: the LM head and
 * log-softmax run over chunks of positions, and the backward pass gets its gradient from a surrogate
 * built from (B, T, H) arrays. At Qwen's 151,936-token vocabulary a 4 × 256 batch would otherwise keep
 * 0.6 GB of logits, plus log-softmax and its gradient, per pass; SAP makes three or four passes.
 *
 * <p>Why this is exact to float rounding: with a frozen head W (V, H), for position t with hidden h_t and
 * target y_t, log p_t = log_softmax(W h_t)[y_t] and ∂ log p_t / ∂h_t = −Wᵀ(softmax(W h_t) − onehot(y_t)) =: d_t.
 * The residual softmax − onehot is formed in place in the softmax (p_y − 1 written at each row's target, no (C, V)
 * one-hot), in the activations' precision before any cast to a half-precision head: W[y] − p·W would be the same
 * in exact arithmetic, but with p_y near 1 it is a small difference of large terms, and rounding p·W to bf16 would
 * cost d most of its digits. Both are computed per chunk outside the graph; the result is
 * {@code logp + (Σ h·d − stop(Σ h·d))}, whose value is logp (x − x is exactly 0) and whose gradient with
 * respect to h is d. The second derivative through the head is not represented: callers take first-order
 * gradients only.
 *
 * <p>Only the positions a caller scores go through the head: a loss over the response tokens of a prompt
 * and response pair needs no logits for the prompt, and at a 49,152-token vocabulary the head is a fifth of
 * a small model's FLOPs per position. Positions left out come back as 0 with a zero gradient.
 *
 * <p>When the head itself is trained (pre-training a tied embedding), the gradient of W is needed and
 * the plain {@link LlamaModel#tokenLogProbs} is used instead. Dimensions: B batch, T positions, H hidden,
 * V vocabulary, N = B·(T−1) positions, M ≤ N scored positions, C positions per chunk.
 */
public final class ChunkedLogProbs {

    /** Bytes of float32 logits one chunk may hold; 64 MiB keeps the peak small and the GEMMs large. */
    static final long CHUNK_BYTES = 64L << 20;

    private ChunkedLogProbs() {
    }

    /** As {@link LlamaModel#tokenLogProbs}, (B, T−1), in chunks of about {@link #CHUNK_BYTES} of logits. */
    public static NDArray tokenLogProbs(LlamaModel model, NDArray ids, int[][] padding, boolean training) {
        return tokenLogProbs(model, ids, padding, training, null);
    }

    /**
     * As above for the {@code scored} positions only: indices, ascending, into the (B, T−1) result read
     * row-major (b·(T−1) + t scores token t+1 of row b); null scores every position. The others are 0.
     */
    public static NDArray tokenLogProbs(LlamaModel model, NDArray ids, int[][] padding, boolean training,
            long[] scored) {
        int rows = (int) Math.max(1, CHUNK_BYTES / (4L * model.config().vocabSize()));
        return tokenLogProbs(model, ids, padding, training, scored, rows);
    }

    /** As above with {@code chunkRows} positions per chunk. */
    public static NDArray tokenLogProbs(LlamaModel model, NDArray ids, int[][] padding, boolean training,
            long[] scored, int chunkRows) {
        NDArray head = model.lmHead(); // (V, H)
        long b = ids.getShape().get(0);
        long t = ids.getShape().get(1);
        long n = b * (t - 1);
        if (head.hasGradient()) {
            NDArray all = model.tokenLogProbs(ids, padding, training);
            return scored == null ? all : all.mul(maskOf(scored, n, ids.getManager()).reshape(b, t - 1));
        }
        NDArray h = model.hidden(ids, padding, null, training); // (B, T, H)
        long width = h.getShape().get(2);
        NDArray hidden = h.get(":, :-1, :").reshape(n, width); // (N, H), in the graph
        NDArray frozen = hidden.stopGradient(); // (N, H), outside it
        NDArray targets = ids.get(":, 1:").reshape(n); // (N)
        NDIndex picked = scored == null || scored.length == n ? null : new NDIndex("{}", ids.getManager().create(scored));
        NDArray rowsH = picked == null ? frozen : frozen.get(picked); // (M, H)
        NDArray rowsY = picked == null ? targets : targets.get(picked); // (M)
        long m = picked == null ? n : scored.length;
        // Outside a gradient collector no backward follows: skip the gradient GEMMs. (NDArray.hasGradient
        // cannot tell: DJL answers whether a .grad exists, not whether the array is in the graph.)
        boolean backward = JniUtils.isGradMode();
        NDList logps = new NDList();
        NDList grads = new NDList();
        for (long s = 0; s < m; s += chunkRows) {
            String chunk = s + ":" + Math.min(m, s + chunkRows);
            try (NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                NDArray logSoftmax = MixedPrecision.linear(rowsH.get(chunk), head, null).logSoftmax(-1); // (C, V)
                NDArray y = rowsY.get(chunk); // (C)
                NDArray logp = logSoftmax.gather(y.expandDims(-1), -1).squeeze(-1); // (C)
                NDScope.unregister(logp);
                logps.add(logp);
                if (backward) {
                    NDArray residual = logSoftmax.exp(); // (C, V): softmax, then softmax − onehot in place
                    NDArray rows = residual.getManager().arange(0, (int) y.size(), 1, DataType.INT64);
                    residual.set(new NDIndex("{}, {}", rows, y), logp.exp().sub(1f));
                    NDArray grad = MixedPrecision.matMul(residual, head).negi(); // (C, H)
                    NDScope.unregister(grad);
                    grads.add(grad);
                }
            }
        }
        NDArray logp = spread(logps, picked, new Shape(n), rowsH); // (N)
        if (!backward) {
            return logp.reshape(b, t - 1);
        }
        NDArray d = spread(grads, picked, new Shape(n, width), rowsH); // (N, H)
        NDArray surrogate = hidden.mul(d).sum(new int[] {1}); // (N), gradient d with respect to hidden
        return logp.add(surrogate.sub(surrogate.stopGradient())).reshape(b, t - 1);
    }

    /** The chunks joined, at the picked rows of a zero array of {@code shape} (all rows when none are picked). */
    private static NDArray spread(NDList chunks, NDIndex picked, Shape shape, NDArray like) {
        NDArray joined = chunks.isEmpty() ? null : NDArrays.concat(chunks);
        if (picked == null && joined != null) {
            return joined;
        }
        NDArray full = like.getManager().zeros(shape, like.getDataType());
        if (joined != null) {
            full.set(picked, joined);
        }
        return full;
    }

    /** 1 at the scored positions of N, else 0. */
    private static NDArray maskOf(long[] scored, long n, NDManager manager) {
        float[] mask = new float[Math.toIntExact(n)];
        for (long i : scored) {
            mask[Math.toIntExact(i)] = 1f;
        }
        return manager.create(mask);
    }
}
