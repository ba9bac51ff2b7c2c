package dev.safeflow.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDScope;
import ai.djl.pytorch.jni.JniUtils;

/**
 * Teacher-forced token log-probabilities without ever holding (B, T, V) logits: the LM head and
 * log-softmax run over chunks of positions, and the backward pass gets its gradient from a surrogate
 * built from (B, T, H) arrays. At Qwen's 151,936-token vocabulary a 4 × 256 batch would otherwise keep
 * 0.6 GB of logits, plus log-softmax and its gradient, per pass; SAP makes three or four passes.
 *
 * <p>Why this is exact to float rounding: with a frozen head W (V, H), for position t with hidden h_t and
 * target y_t, log p_t = log_softmax(W h_t)[y_t] and ∂ log p_t / ∂h_t = Wᵀ(onehot(y_t) − softmax(W h_t)) =: d_t.
 * Both are computed per chunk outside the graph; the result is {@code logp + (Σ h·d − stop(Σ h·d))}, whose
 * value is logp (x − x is exactly 0) and whose gradient with respect to h is d. The second derivative
 * through the head is not represented: callers take first-order gradients only.
 *
 * <p>When the head itself is trained (pre-training a tied embedding), the gradient of W is needed and
 * the plain {@link LlamaModel#tokenLogProbs} is used instead. Dimensions: B batch, T positions, H hidden,
 * V vocabulary, N = B·(T−1) scored positions, C positions per chunk.
 */
public final class ChunkedLogProbs {

    /** Bytes of float32 logits one chunk may hold; 64 MiB keeps the peak small and the GEMMs large. */
    static final long CHUNK_BYTES = 64L << 20;

    private ChunkedLogProbs() {
    }

    /** As {@link LlamaModel#tokenLogProbs}, (B, T−1), in chunks of about {@link #CHUNK_BYTES} of logits. */
    public static NDArray tokenLogProbs(LlamaModel model, NDArray ids, int[][] padding, boolean training) {
        int rows = (int) Math.max(1, CHUNK_BYTES / (4L * model.config().vocabSize()));
        return tokenLogProbs(model, ids, padding, training, rows);
    }

    /** As above with {@code chunkRows} positions per chunk. */
    public static NDArray tokenLogProbs(LlamaModel model, NDArray ids, int[][] padding, boolean training,
            int chunkRows) {
        NDArray head = model.lmHead(); // (V, H)
        if (head.hasGradient()) {
            return model.tokenLogProbs(ids, padding, training);
        }
        long b = ids.getShape().get(0);
        long t = ids.getShape().get(1);
        long n = b * (t - 1);
        NDArray h = model.hidden(ids, padding, null, training); // (B, T, H)
        NDArray hidden = h.get(":, :-1, :").reshape(n, h.getShape().get(2)); // (N, H), in the graph
        NDArray frozen = hidden.stopGradient(); // (N, H), outside it
        NDArray targets = ids.get(":, 1:").reshape(n); // (N)
        // Outside a gradient collector no backward follows: skip the gradient GEMMs. (NDArray.hasGradient
        // cannot tell: DJL answers whether a .grad exists, not whether the array is in the graph.)
        boolean backward = JniUtils.isGradMode();
        NDList logps = new NDList();
        NDList grads = new NDList();
        for (long s = 0; s < n; s += chunkRows) {
            String rows = s + ":" + Math.min(n, s + chunkRows);
            try (NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                NDArray logSoftmax = MixedPrecision.linear(frozen.get(rows), head, null).logSoftmax(-1); // (C, V)
                NDArray y = targets.get(rows); // (C)
                NDArray logp = logSoftmax.gather(y.expandDims(-1), -1).squeeze(-1); // (C)
                NDScope.unregister(logp);
                logps.add(logp);
                if (backward) {
                    NDArray residual = y.oneHot((int) head.getShape().get(0)).sub(logSoftmax.exp()); // (C, V)
                    NDArray grad = MixedPrecision.matMul(residual, head); // (C, H)
                    NDScope.unregister(grad);
                    grads.add(grad);
                }
            }
        }
        NDArray logp = NDArrays.concat(logps); // (N)
        if (!backward) {
            return logp.reshape(b, t - 1);
        }
        NDArray d = NDArrays.concat(grads); // (N, H)
        NDArray surrogate = hidden.mul(d).sum(new int[] {1}); // (N), gradient d with respect to hidden
        return logp.add(surrogate.sub(surrogate.stopGradient())).reshape(b, t - 1);
    }
}
