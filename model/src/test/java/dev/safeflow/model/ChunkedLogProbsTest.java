package dev.safeflow.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import dev.safeflow.model.io.ModelLoader;
import dev.safeflow.model.lora.LoraAdapter;
import dev.safeflow.model.lora.LoraConfig;
import dev.safeflow.model.nn.ChunkedLogProbs;
import dev.safeflow.model.nn.Gradients;
import dev.safeflow.model.nn.LlamaModel;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The chunked log-probabilities equal the full-logits ones, values and LoRA gradients, for any chunk size, over
 * every position and over the scored ones only.
 */
class ChunkedLogProbsTest {

    private static final int[][] PADDING = {{1, 1, 1, 1, 1, 1, 1, 1, 1}, {1, 1, 1, 1, 1, 1, 0, 0, 0}};

    @Test
    void chunkedLogProbsAndGradientsEqualTheFullLogitsOnes() {
        try (NDManager root = Djl.newManager()) {
            Djl.engine().setRandomSeed(3);
            ModelConfig c = ModelShapes.tiny(FamilyModels.LLAMA);
            ModelConfig small = new ModelConfig(c.architecture(), 997, c.hiddenSize(), c.intermediateSize(),
                    c.numLayers(), c.numHeads(), c.numKvHeads(), c.headDim(), c.rmsNormEps(), c.ropeTheta(),
                    c.ropeScaling(), c.maxPositionEmbeddings(), c.tieWordEmbeddings(), c.attentionBias(),
                    c.bosTokenId(), List.of(1), 0, "float32");
            try (LlamaModel model = ModelLoader.random(small, root);
                    LoraAdapter lora = LoraAdapter.init(model, new LoraConfig(4, 8f, 0f, List.of("q_proj", "v_proj"), false), 5)) {
                // B starts at zero; make it non-zero so LoRA A gets a gradient too.
                lora.parameters().forEach(p -> p.addi(p.getManager().randomNormal(0f, 0.1f, p.getShape(),
                        p.getDataType())));
                lora.setTrainable(true);
                NDArray ids = root.create(new long[] {5, 17, 900, 3, 3, 42, 7, 996, 0, 11, 12, 13, 14, 15, 16, 0, 0, 0},
                        new ai.djl.ndarray.types.Shape(2, 9));
                Result full = run(lora, m -> model.tokenLogProbs(ids, PADDING, false));
                for (int rows : new int[] {1, 5, 16, 64}) {
                    Result chunked = run(lora, m -> ChunkedLogProbs.tokenLogProbs(model, ids, PADDING, false, null, rows));
                    for (int i = 0; i < full.logp.length; i++) {
                        assertEquals(full.logp[i], chunked.logp[i], 2e-6, "log-prob " + i + ", chunks of " + rows);
                    }
                    assertSameGradients(full, chunked, "chunks of " + rows);
                    assertTrue(full.grad.stream().anyMatch(g -> g[0] != 0 || g[g.length - 1] != 0));
                    // Only the positions the loss reads: the same values there, 0 elsewhere, the same gradients.
                    Result picked = run(lora, m -> ChunkedLogProbs.tokenLogProbs(model, ids, PADDING, false, SCORED, rows));
                    for (int i = 0; i < full.logp.length; i++) {
                        float expected = MASK[i] == 1 ? full.logp[i] : 0f;
                        assertEquals(expected, picked.logp[i], 2e-6, "scored log-prob " + i + ", chunks of " + rows);
                    }
                    assertSameGradients(full, picked, "scored positions, chunks of " + rows);
                }
                // No position scored: zeros, and a backward that reaches nothing.
                Result none = run(lora, m -> ChunkedLogProbs.tokenLogProbs(model, ids, PADDING, false, new long[0], 4));
                for (float v : none.logp) {
                    assertEquals(0f, v);
                }
                none.grad.forEach(g -> {
                    for (float v : g) {
                        assertEquals(0f, v);
                    }
                });
            }
        }
    }

    private record Result(float[] logp, List<float[]> grad) {}

    /** The loss's mask over (2, 8) positions, and the same as ascending indices. */
    private static final float[] MASK = {1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 1, 1, 1, 1, 0, 0};
    private static final long[] SCORED = {0, 1, 2, 3, 4, 5, 6, 7, 10, 11, 12, 13};

    private static void assertSameGradients(Result expected, Result actual, String what) {
        for (int i = 0; i < expected.grad.size(); i++) {
            float[] a = expected.grad.get(i);
            float[] b = actual.grad.get(i);
            for (int j = 0; j < a.length; j++) {
                assertEquals(a[j], b[j], 1e-5 + 1e-4 * Math.abs(a[j]), "gradient of LoRA tensor " + i + ", " + what);
            }
        }
    }

    /** Log-probs and the LoRA gradients of a masked sum of them, as a loss uses them. */
    private static Result run(LoraAdapter lora, Function<Void, NDArray> logProbs) {
        Gradients.zero(lora.parameters());
        float[] values;
        try (GradientCollector gc = Djl.engine().newGradientCollector()) {
            NDArray logp = logProbs.apply(null); // (B, T-1)
            NDArray mask = logp.getManager().create(MASK, logp.getShape());
            values = logp.toFloatArray();
            gc.backward(logp.mul(mask).sum().neg());
        }
        List<float[]> grads = new ArrayList<>();
        lora.parameters().forEach(p -> grads.add(p.getGradient().toFloatArray()));
        return new Result(values, grads);
    }
}
