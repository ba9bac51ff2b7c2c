package dev.safeflow.trainer.step;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.safeflow.model.nn.ChunkedLogProbs;
import dev.safeflow.model.nn.LlamaModel;
import dev.safeflow.trainer.data.Batch;

/**
 * The two losses of DESIGN.md, with teacher forcing over the full sequence and the prompt masked.
 * (The published code scores responses at padding positions without teacher forcing; safeflow does
 * not copy that quirk.) Arrays land in {@code m}.
 */
public final class Losses {

    private Losses() {}

    /** L_task: mean token cross-entropy over the response tokens of the batch, a scalar. */
    public static NDArray task(LlamaModel model, Batch batch, NDManager m) {
        return task(model, batch, m, true);
    }

    /** L_task with dropout on ({@code training}) or off (evaluation). */
    public static NDArray task(LlamaModel model, Batch batch, NDManager m, boolean training) {
        NDArray logp = ChunkedLogProbs.tokenLogProbs(model, batch.ids(m), batch.padding(), training); // (B, T-1)
        NDArray mask = batch.lossMask(m); // (B, T-1)
        return logp.mul(mask).sum().neg().div(mask.sum());
    }

    /** S_θ(x, y) per sequence: summed log-probabilities of the response tokens, (B). */
    public static NDArray sequenceLogProb(LlamaModel model, Batch batch, NDManager m) {
        NDArray logp = ChunkedLogProbs.tokenLogProbs(model, batch.ids(m), batch.padding(), true); // (B, T-1)
        return logp.mul(batch.lossMask(m)).sum(new int[] {1});
    }

    /**
     * L_c = −mean log σ((S_safe − S_harm) / T). {@code pairs} holds the safe responses in its first
     * half and the harmful ones in the second, so one forward pass scores both.
     */
    public static NDArray contrastive(LlamaModel model, Batch pairs, double temperature, NDManager m) {
        int n = pairs.size() / 2;
        NDArray s = sequenceLogProb(model, pairs, m); // (2n)
        NDArray z = s.get("0:" + n).sub(s.get(n + ":")).div(scalar(m, (float) temperature)); // (n)
        return logSigmoid(z, m).mean().neg();
    }

    /** log σ(z) = min(z, 0) − log(1 + e^{−|z|}), stable for large |z|. */
    static NDArray logSigmoid(NDArray z, NDManager m) {
        return z.minimum(scalar(m, 0f)).sub(z.abs().neg().exp().add(1f).log());
    }

    /**
     * A scalar that libtorch owns. {@code x.mul(2f)} wraps a Java direct buffer that DJL closes at
     * once; autograd keeps the tensor for backward, and if GC frees the buffer in between, backward
     * reads freed memory (ScalarLifetimeTest shows it). Scalars inside the graph come from here.
     */
    public static NDArray scalar(NDManager m, float value) {
        return m.full(new ai.djl.ndarray.types.Shape(), value);
    }
}
