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
        return task(ChunkedLogProbs.tokenLogProbs(model, batch.ids(m), batch.padding(), training,
                batch.scoredPositions()), batch, m);
    }

    /** L_task from token log-probabilities {@code logp} (B, T-1): the mean cross-entropy over response tokens. */
    static NDArray task(NDArray logp, Batch batch, NDManager m) {
        NDArray mask = batch.lossMask(m); // (B, T-1)
        return logp.mul(mask).sum().neg().div(mask.sum());
    }

    /** L_task per sequence, (B): each one's mean token cross-entropy over its response tokens. */
    public static NDArray taskPerExample(LlamaModel model, Batch batch, NDManager m, boolean training) {
        NDArray logp = ChunkedLogProbs.tokenLogProbs(model, batch.ids(m), batch.padding(), training,
                batch.scoredPositions()); // (B, T-1)
        NDArray mask = batch.lossMask(m); // (B, T-1)
        return logp.mul(mask).sum(new int[] {1}).neg().div(mask.sum(new int[] {1}));
    }

    /** S_θ(x, y) per sequence: summed log-probabilities of the response tokens, (B). */
    public static NDArray sequenceLogProb(LlamaModel model, Batch batch, NDManager m) {
        NDArray logp = ChunkedLogProbs.tokenLogProbs(model, batch.ids(m), batch.padding(), true,
                batch.scoredPositions()); // (B, T-1)
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

    /**
     * What SAP's harmful direction is taken from: a surrogate whose gradient points where ∇L_c points,
     * at a scale that cannot underflow. ∇L_c = −(1/n) Σ σ(−zᵢ) ∇zᵢ, and on an aligned model every zᵢ
     * is large (S sums log-probabilities over whole responses), so each σ(−zᵢ) ≈ e^{−zᵢ} leaves float32's
     * range and the gradient is exactly zero. The surrogate −(1/n) Σ wᵢ zᵢ with constant weights
     * wᵢ = σ(−zᵢ) / maxⱼ σ(−zⱼ), formed in log space, has gradient ∇L_c / maxⱼ σ(−zⱼ): the same
     * direction, exactly in real arithmetic, with the largest weight 1 (a softmax over −zᵢ in the limit).
     */
    public static Contrastive contrastiveDirection(LlamaModel model, Batch pairs, double temperature, NDManager m) {
        int n = pairs.size() / 2;
        NDArray s = sequenceLogProb(model, pairs, m); // (2n)
        NDArray z = s.get("0:" + n).sub(s.get(n + ":")).div(scalar(m, (float) temperature)); // (n)
        float[] zs = z.toFloatArray();
        double[] logWeight = new double[n]; // log σ(−zᵢ) = −softplus(zᵢ)
        double loss = 0;
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            logWeight[i] = -softplus(zs[i]);
            loss += softplus(-zs[i]) / n;
            max = Math.max(max, logWeight[i]);
        }
        float[] w = new float[n];
        for (int i = 0; i < n; i++) {
            w[i] = (float) Math.exp(logWeight[i] - max);
        }
        // A libtorch-owned copy: autograd keeps the weights for backward (see scalar()).
        NDArray weights = m.create(w).duplicate(); // (n)
        NDArray surrogate = z.mul(weights).sum().div(scalar(m, (float) n)).neg();
        return new Contrastive(surrogate, loss, max);
    }

    /**
     * The contrastive batch's objective for ĝ.
     *
     * @param surrogate backpropagate this: its gradient is ∇L_c / e^{logScale}
     * @param loss L_c, in double, so a small loss on an aligned model is not printed as 0
     * @param logScale ln maxⱼ σ(−zⱼ): ‖∇L_c‖ = ‖∇ surrogate‖ · e^{logScale}
     */
    public record Contrastive(NDArray surrogate, double loss, double logScale) {}

    /** log(1 + eˣ) without overflow. */
    private static double softplus(double x) {
        return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
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
