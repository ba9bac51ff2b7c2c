package dev.safeflow.trainer.step;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import dev.safeflow.model.Djl;
import dev.safeflow.model.io.ModelLoader;
import dev.safeflow.model.lora.LoraConfig;
import dev.safeflow.model.nn.LlamaModel;
import dev.safeflow.model.tokenizer.Tokenizer;
import dev.safeflow.trainer.Float64Model;
import dev.safeflow.trainer.TinyModel;
import dev.safeflow.trainer.TrainingConfig;
import dev.safeflow.trainer.data.Batch;
import dev.safeflow.trainer.data.ChatEncoder;
import dev.safeflow.trainer.data.ContrastiveSet;
import dev.safeflow.trainer.optim.Grads;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * SAP's harmful direction on the bundled aligned organism with no poison, on triples of its own world
 * ({@code organism-triples.jsonl}: the first 32 lines of {@code contrastive.jsonl} from
 * {@code safeflow testbed generate}, seed 20260529), where every contrastive margin is large: the plain
 * float32 gradient of L_c underflows to exactly zero there.
 */
class HarmfulDirectionTest {

    static final Path ORGANISM = Path.of("..", "models", "safeflow-organism-v1");
    static final Path TRIPLES = TinyModel.resource("/data/organism-triples.jsonl");

    @Test
    void onTheAlignedOrganismTheDirectionIsNonZeroRepeatableAndThatOfTheExactGradient() {
        TrainingConfig c = TrainingConfig.defaults().withLora(new LoraConfig(8, 8f, 0f, List.of("q_proj", "v_proj"),
                false));
        try (NDManager root = Djl.newManager(); LlamaModel model = ModelLoader.load(ORGANISM, root);
                Tokenizer tok = Tokenizer.load(ORGANISM);
                Learner l = new Learner(model, c, ContrastiveBatches.of(ContrastiveSet.load(TRIPLES, c.seed()),
                        new ChatEncoder(tok, c.batch().contrastiveMaxLength()), c.batch().contrastiveSize()));
                NDManager m = root.newSubManager()) {
            Passes.Direction first = Passes.harmfulDirection(l, m);
            Passes.Direction again = Passes.harmfulDirection(l, m);
            assertTrue(!first.isZero(), "ĝ is zero on the aligned organism");
            assertEquals(1.0, Grads.norm(first.unit()), 1e-5, "ĝ is a unit vector");
            assertArrayEquals(flat(first.unit()), flat(again.unit()), "the same step gives the same ĝ");

            // Float64, the plain formula: g = ∇ −mean log σ(zᵢ), no rescaling.
            Batch pairs = l.contrastive.batch(l.steps());
            try (Float64Model ref = new Float64Model(model, l.probes.byLayer(), root)) {
                ref.theta().forEach(t -> t.setRequiresGradient(true));
                try (GradientCollector gc = Djl.engine().newGradientCollector()) {
                    gc.backward(Losses.contrastive(ref.model(), pairs, c.sap().temperature(), ref.manager()));
                }
                List<NDArray> g64 = new ArrayList<>();
                ref.theta().forEach(t -> g64.add(t.getGradient()));
                double[] exact = Float64Model.flat(g64);
                double norm = Math.sqrt(dot(exact, exact));
                assertTrue(norm > 0, "the float64 gradient underflowed too; the margins are beyond float64's range");
                double cos = Float64Model.cosine(toDouble(flat(first.unit())), exact);
                assertTrue(cos >= 0.999, "cos(ĝ, float64 gradient) = " + cos);
                assertEquals(Math.log10(norm), first.log10Norm(), 1e-3, "log10 ‖g‖ against float64");
                System.out.printf(java.util.Locale.ROOT, "organism, no poison: log10 ‖∇L_c‖ = %.2f (float64 %.2f),"
                        + " cos = %.7f, L_c = %.3g%n", first.log10Norm(), Math.log10(norm), cos, first.loss());
            }
        }
    }

    @Test
    void thePlainFloat32GradientOfTheContrastiveLossIsZeroThere() {
        TrainingConfig c = TrainingConfig.defaults();
        try (NDManager root = Djl.newManager(); LlamaModel model = ModelLoader.load(ORGANISM, root);
                Tokenizer tok = Tokenizer.load(ORGANISM);
                Learner l = new Learner(model, c, ContrastiveBatches.of(ContrastiveSet.load(TRIPLES, c.seed()),
                        new ChatEncoder(tok, c.batch().contrastiveMaxLength()), c.batch().contrastiveSize()));
                NDManager m = root.newSubManager()) {
            l.lora.setTrainable(true);
            try (GradientCollector gc = Djl.engine().newGradientCollector()) {
                gc.backward(Losses.contrastive(model, l.contrastive.batch(0), 1.0, m));
            }
            assertEquals(0.0, Grads.norm(Grads.take(l.theta(), m)),
                    "the premise: without rescaling, σ(−z) underflows and the harmful direction vanishes");
        }
    }

    private static float[] flat(List<NDArray> tensors) {
        List<float[]> parts = new ArrayList<>();
        int n = 0;
        for (NDArray t : tensors) {
            float[] x = t.toFloatArray();
            parts.add(x);
            n += x.length;
        }
        float[] out = new float[n];
        int off = 0;
        for (float[] x : parts) {
            System.arraycopy(x, 0, out, off, x.length);
            off += x.length;
        }
        return out;
    }

    private static double[] toDouble(float[] x) {
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = x[i];
        }
        return out;
    }

    private static double dot(double[] a, double[] b) {
        double d = 0;
        for (int i = 0; i < a.length; i++) {
            d += a[i] * b[i];
        }
        return d;
    }
}
