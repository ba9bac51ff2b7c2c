package dev.safeflow.model.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.safeflow.model.Djl;
import dev.safeflow.model.ModelConfig;
import dev.safeflow.model.io.ModelLoader;
import dev.safeflow.model.lora.LoraAdapter;
import dev.safeflow.model.lora.LoraConfig;
import dev.safeflow.model.nn.AttentionMask;
import dev.safeflow.model.nn.LlamaModel;
import java.util.Arrays;
import java.util.List;

/**
 * {@code safeflow bench step}: forward + backward tokens/s of one LoRA training step (the trainer's
 * hot loop) on a small random model. {@code scripts/bench_model.py} runs the same step in PyTorch eager.
 */
public final class ModelBench {

    /**
     * @param warmup untimed steps first (allocator and thread-pool warm-up)
     * @param loraRank LoRA on q_proj and v_proj, dropout 0, as in the PyTorch twin
     */
    public record Config(int hidden, int layers, int heads, int kvHeads, int intermediate, int vocab, int batch,
            int seqLen, int warmup, int steps, int loraRank) {

        /** About 2.9M parameters at batch 8 × 128. */
        public static Config small() {
            return new Config(256, 4, 4, 4, 512, 1024, 8, 128, 3, 10, 8);
        }

        ModelConfig model() {
            return new ModelConfig("LlamaForCausalLM", vocab, hidden, intermediate, layers, heads, kvHeads,
                    hidden / heads, 1e-5, 10000.0, null, Math.max(2048, seqLen), true, false, 1, List.of(2), 0,
                    "float32");
        }
    }

    /** Median over the timed steps. */
    public record Result(Config config, long parameters, double msPerStep, double tokensPerSecond) {

        public String toText() {
            return String.format("djl forward+backward: %.1f tokens/s (%.1f ms/step, batch %d x %d, %,d params)",
                    tokensPerSecond, msPerStep, config.batch(), config.seqLen(), parameters);
        }
    }

    private ModelBench() {}

    public static Result run(Config c) {
        Engine engine = Djl.engine();
        engine.setRandomSeed(0);
        try (NDManager root = Djl.newManager(); LlamaModel model = ModelLoader.random(c.model(), root)) {
            LoraAdapter lora = LoraAdapter.init(model, new LoraConfig(c.loraRank(), c.loraRank(), 0f,
                    List.of("q_proj", "v_proj"), false), 0);
            lora.setTrainable(true);
            int[][] padding = AttentionMask.full(c.batch(), c.seqLen());
            double[] ms = new double[c.steps()];
            for (int i = 0; i < c.warmup() + c.steps(); i++) {
                long t0 = System.nanoTime();
                try (NDManager step = root.newSubManager(); GradientCollector gc = engine.newGradientCollector()) {
                    NDArray ids = step.randomInteger(0, c.vocab(), new Shape(c.batch(), c.seqLen()), DataType.INT64);
                    NDArray loss = model.tokenLogProbs(ids, padding, true).mean().neg();
                    gc.backward(loss);
                    loss.getFloat(); // wait for the step to finish
                }
                if (i >= c.warmup()) {
                    ms[i - c.warmup()] = (System.nanoTime() - t0) / 1e6;
                }
            }
            Arrays.sort(ms);
            double median = ms[ms.length / 2];
            long params = parameters(model);
            lora.close();
            return new Result(c, params, median, c.batch() * (double) c.seqLen() / (median / 1000));
        }
    }

    private static long parameters(LlamaModel m) {
        long n = m.embed().size() + m.norm().weight().size();
        for (var p : m.projections()) {
            n += p.weight().size();
        }
        for (var l : m.layers()) {
            n += l.inputNorm().weight().size() + l.postAttentionNorm().weight().size();
        }
        return m.config().tieWordEmbeddings() ? n : n + m.lmHead().size();
    }
}
