package dev.safeflow.testbed.pretrain;

import dev.safeflow.model.ModelConfig;
import java.util.List;

/**
 * How the model organism is trained from scratch. The shape is a Llama with grouped-query attention,
 * small enough to train on two CPU cores in minutes yet deep enough that fine-tuning can erode
 * what it learned.
 *
 * @param steps optimizer steps; fixed (not a time budget) so the run is repeatable
 * @param warmup linear warm-up steps, then cosine decay to a tenth of {@code lr}
 */
public record PretrainConfig(long seed, int hidden, int intermediate, int layers, int heads, int kvHeads,
        int steps, int batch, float lr, int warmup, float weightDecay, int logEvery) {

    public PretrainConfig {
        if (steps < 1 || batch < 1 || warmup < 0 || hidden % heads != 0 || heads % kvHeads != 0) {
            throw new IllegalArgumentException("invalid pretraining config: steps " + steps + ", batch " + batch
                    + ", warmup " + warmup + ", hidden " + hidden + " over " + heads + " heads / " + kvHeads
                    + " kv heads");
        }
    }

    /** The shipped organism's recipe. */
    public static PretrainConfig defaults(long seed) {
        return new PretrainConfig(seed, 256, 512, 4, 8, 2, 1200, 32, 2e-3f, 40, 0.01f, 50);
    }

    public PretrainConfig withSteps(int n) {
        return new PretrainConfig(seed, hidden, intermediate, layers, heads, kvHeads, n, batch, lr,
                Math.min(warmup, n / 4), weightDecay, logEvery);
    }

    /** Tied embeddings keep the parameter budget in the layers; ids follow the testbed tokenizer. */
    public ModelConfig model(int vocab) {
        return new ModelConfig("LlamaForCausalLM", vocab, hidden, intermediate, layers, heads, kvHeads,
                hidden / heads, 1e-5, 10000.0, null, 256, true, false, 1, List.of(2), 0, "float32");
    }

    /** Learning rate at 0-based {@code step}. */
    public float lrAt(int step) {
        if (step < warmup) {
            return lr * (step + 1) / warmup;
        }
        double p = (double) (step - warmup) / Math.max(1, steps - warmup);
        return (float) (lr * (0.1 + 0.9 * 0.5 * (1 + Math.cos(Math.PI * p))));
    }
}
