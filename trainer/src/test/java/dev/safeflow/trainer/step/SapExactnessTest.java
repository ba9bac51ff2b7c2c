package dev.safeflow.trainer.step;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.safeflow.model.Djl;
import dev.safeflow.model.lora.LoraConfig;
import dev.safeflow.model.nn.LlamaModel;
import dev.safeflow.model.tokenizer.Tokenizer;
import dev.safeflow.trainer.SapConfig;
import dev.safeflow.trainer.TinyModel;
import dev.safeflow.trainer.TrainingConfig;
import dev.safeflow.trainer.TrainingMethod;
import dev.safeflow.trainer.data.Batch;
import dev.safeflow.trainer.optim.Grads;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

class SapExactnessTest {

    /**
     * With LoRA dropout too: SAP's task passes draw SFT's masks. Under {@code auto} ρ = 0 takes the float32
     * passes (D is exactly 0 there); the first-order pass's own ∇_θ L is checked in
     * {@link #firstOrderPassLeavesTheTaskGradientOfThetaTheFloat32PassLeaves}.
     */
    @Test
    void sapWithZeroGradRateAndZeroProbeLrEqualsSftBitForBit() {
        for (float dropout : new float[] {0f, 0.1f}) {
            TrainingConfig sft = TinyModel.config(TrainingMethod.SFT).withLora(new LoraConfig(4, 8f, dropout, List.of("q_proj",
                    "v_proj"), false));
            for (SapConfig.Variant variant : List.of(SapConfig.Variant.REFERENCE, SapConfig.Variant.PAPER)) {
                for (String precision : List.of(SapConfig.FLOAT32, SapConfig.FLOAT64, SapConfig.AUTO)) {
                    TrainingConfig sap = sft.withMethod(TrainingMethod.SAP).withSap(sft.sap().withVariant(variant, 1).with(0, 0)
                            .withProbePrecision(precision));
                    assertArrayEquals(train(sft, 6), train(sap, 6), "SAP(" + variant + ", 0, 0, " + precision
                            + ", dropout " + dropout + ") drifted from SFT");
                }
            }
            // The steps that hold v take SFT's pass too.
            TrainingConfig held = sft.withMethod(TrainingMethod.SAP).withSap(sft.sap().with(0, 0).withProbeEvery(2));
            assertArrayEquals(train(sft, 6), train(held, 6), "SAP with probe-every 2 (0, 0, dropout " + dropout
                    + ") drifted from SFT");
        }
    }

    /**
     * The first-order pass of {@code probe-precision auto} trains θ with the ∇_θ L it takes its Hessian-vector
     * product from: through the plain head instead of the chunked one, so equal to rounding, not bit for bit, and
     * the second backward must not add H_θθ ĝ to it.
     */
    @Test
    void firstOrderPassLeavesTheTaskGradientOfThetaTheFloat32PassLeaves() {
        TrainingConfig c = TinyModel.config(TrainingMethod.SAP);
        c = c.withSap(c.sap().with(1e-5, 0.05).withProbeLayers(List.of(0, 1)).withProbePrecision(SapConfig.AUTO));
        try (NDManager root = Djl.newManager(); LlamaModel model = TinyModel.load(root); Tokenizer tok = TinyModel.tokenizer();
                Learner l = new Learner(model, c, TinyModel.contrastive(tok, c)); NDManager m = root.newSubManager()) {
            randomise(l.theta(), 1);
            randomise(l.probeParams(), 2);
            List<Batch> task = TinyModel.batches(tok, 3).subList(0, 2);
            List<NDArray> dir = l.direction(m, new StepMetrics.Builder(0, 0));
            Grads.zero(l.theta(), m);
            Grads.zero(l.probeParams(), m);
            double loss = FirstOrderProbeGradient.taskBackward(l, task, dir, 1e-3, m).loss();
            List<NDArray> firstOrder = Grads.take(l.theta(), m);
            Grads.zero(l.probeParams(), m);
            double plain = Passes.taskBackward(l, task, 1f, m);
            List<NDArray> f32 = Grads.take(l.theta(), m);
            assertEquals(plain, loss, 1e-5 * Math.abs(plain));
            double diff = 0;
            for (int i = 0; i < f32.size(); i++) {
                diff += Math.pow(Grads.norm(List.of(f32.get(i).sub(firstOrder.get(i)))), 2);
            }
            assertTrue(Math.sqrt(diff) < 1e-5 * Grads.norm(f32), "∇θL differs by " + Math.sqrt(diff) + " of "
                    + Grads.norm(f32));
        }
    }

    /**
     * The probe gradient is the difference of the passes at θ+ρĝ and at θ; with LoRA dropout both draw the same
     * masks, so at ρ = 0 it is exactly zero. (With a fresh mask per pass it was the difference of two masks'
     * gradients, larger than the probe gradient itself.)
     */
    @Test
    void withLoraDropoutBothProbePassesDrawTheSameMasksSoAZeroPerturbationGivesAZeroProbeGradient() {
        for (String precision : List.of(SapConfig.FLOAT32, SapConfig.FLOAT64)) {
            TrainingConfig c = TinyModel.config(TrainingMethod.SAP).withLora(new LoraConfig(4, 8f, 0.1f, List.of("q_proj", "v_proj"),
                    false));
            c = c.withSap(c.sap().with(0, 0.05).withProbeLayers(List.of(0, 1)).withProbePrecision(precision));
            try (NDManager root = Djl.newManager(); LlamaModel model = TinyModel.load(root); Tokenizer tok = TinyModel.tokenizer();
                    Learner l = new Learner(model, c, TinyModel.contrastive(tok, c)); NDManager m = root.newSubManager()) {
                randomise(l.theta(), 1); // B ≠ 0, so dropout on the LoRA path reaches the loss
                randomise(l.probeParams(), 2);
                List<Batch> task = TinyModel.batches(tok, 3).subList(0, 1);
                List<NDArray> dir = l.direction(m, new StepMetrics.Builder(0, 0));
                List<NDArray> gv;
                if (l.float64Probe != null) {
                    gv = l.float64Probe.probeGradient(l, task, dir, 0, m);
                } else {
                    Passes.perturbedProbeBackward(l, task, dir, 0, -1f, m);
                    Passes.taskBackward(l, task, 1f, m);
                    gv = Grads.take(l.probeParams(), m);
                }
                assertEquals(0.0, Grads.norm(gv), precision + ": the two passes saw different dropout masks");
                // and dropout is really on: another step's masks give another loss
                double a = Passes.taskBackward(l, task, 0f, m);
                l.setSteps(1);
                assertTrue(a != Passes.taskBackward(l, task, 0f, m), "dropout drew the same masks in another step");
            }
        }
    }

    /**
     * Exact for SFT. Under SAP the probe gradient sums −L(θ+ρĝ) and +L(θ) halves in a different order
     * (−a/2 − a/2 + b/2 + b/2 versus −a + b), so there it agrees to rounding only.
     */
    @Test
    void accumulatingTwoEqualMicroBatchesEqualsOneStepOnOne() {
        TrainingConfig one = TinyModel.config(TrainingMethod.SFT);
        TrainingConfig two = one.withOptimizer(new dev.safeflow.trainer.OptimizerConfig(1e-2, 0.01, 0.9, 0.999, 1e-8,
                1.0, "constant", 0, 0, 2));
        float[] a;
        float[] b;
        try (NDManager root = Djl.newManager(); LlamaModel model = TinyModel.load(root); Tokenizer tok = TinyModel.tokenizer();
                Learner l = new Learner(model, one, null)) {
            Batch batch = TinyModel.batches(tok, 3).get(0);
            for (int s = 0; s < 3; s++) {
                l.step(List.of(batch));
            }
            a = flat(l.theta());
        }
        try (NDManager root = Djl.newManager(); LlamaModel model = TinyModel.load(root); Tokenizer tok = TinyModel.tokenizer();
                Learner l = new Learner(model, two, null)) {
            Batch batch = TinyModel.batches(tok, 3).get(0);
            for (int s = 0; s < 3; s++) {
                l.step(List.of(batch, batch));
            }
            b = flat(l.theta());
        }
        assertArrayEquals(a, b, "halving each micro-batch's loss and summing two must give the same gradient");
    }

    /**
     * probe-every 2: the probes move on steps 0 and 2 and hold on 1 and 3, while θ trains every step; and holding
     * v trains θ differently from refreshing it.
     */
    @Test
    void probeEveryRefreshesTheProbesOnItsStepsAndHoldsThemBetween() {
        TrainingConfig every = TinyModel.config(TrainingMethod.SAP);
        every = every.withSap(every.sap().with(0.5, 0.05));
        TrainingConfig held = every.withSap(every.sap().withProbeEvery(2));
        try (NDManager root = Djl.newManager(); LlamaModel model = TinyModel.load(root); Tokenizer tok = TinyModel.tokenizer();
                Learner l = new Learner(model, held, TinyModel.contrastive(tok, held))) {
            List<Batch> task = TinyModel.batches(tok, 3);
            for (int s = 0; s < 4; s++) {
                float[] v0 = flat(l.probeParams());
                float[] t0 = flat(l.theta());
                l.step(List.of(task.get(s % task.size())));
                boolean refreshed = maxAbsDiff(v0, flat(l.probeParams())) > 0;
                assertEquals(s % 2 == 0, refreshed, "step " + s + ": probes " + (refreshed ? "moved" : "held"));
                assertTrue(maxAbsDiff(t0, flat(l.theta())) > 0, "step " + s + " must train θ");
            }
        }
        assertTrue(maxAbsDiff(train(every, 4), train(held, 4)) > 0, "holding v must change what θ learns");
    }

    /**
     * Without the poison filter the held steps skip the contrastive pass; a probe step recomputes ĝ when a multiple
     * of direction-every fell since the last one (direction-every 3, probe-every 4: steps 0, 4 and 8; direction-every
     * 8: steps 0 and 8).
     */
    @Test
    void heldStepsTakeNoContrastivePassAndProbeStepsCatchUpOnTheDirection() {
        TrainingConfig c = TinyModel.config(TrainingMethod.SAP);
        c = c.withSap(c.sap().with(0.5, 0.05));
        for (int[] everyAndExpected : new int[][] {{1, 0, 4, 8}, {3, 0, 4, 8}, {8, 0, 8}}) {
            TrainingConfig held = c.withSap(c.sap().withVariant(SapConfig.Variant.REFERENCE, everyAndExpected[0])
                    .withProbeEvery(4));
            List<Long> contrastive = new ArrayList<>();
            try (NDManager root = Djl.newManager(); LlamaModel model = TinyModel.load(root);
                    Tokenizer tok = TinyModel.tokenizer(); Learner l = new Learner(model, held, TinyModel.contrastive(tok, held))) {
                List<Batch> task = TinyModel.batches(tok, 3);
                for (int s = 0; s < 10; s++) {
                    StepMetrics m = l.step(List.of(task.get(s % task.size())));
                    if (!Double.isNaN(m.contrastiveLoss())) {
                        contrastive.add((long) s);
                    }
                }
            }
            List<Long> expected = new ArrayList<>();
            for (int i = 1; i < everyAndExpected.length; i++) {
                expected.add((long) everyAndExpected[i]);
            }
            assertEquals(expected, contrastive, "direction-every " + everyAndExpected[0] + ", probe-every 4");
        }
    }

    @Test
    void sapWithNonZeroGradRateDiffersFromSft() {
        TrainingConfig sft = TinyModel.config(TrainingMethod.SFT);
        TrainingConfig sap = TinyModel.config(TrainingMethod.SAP).withSap(sft.sap().with(0.5, 0.05));
        float[] a = train(sft, 4);
        float[] b = train(sap, 4);
        assertTrue(maxAbsDiff(a, b) > 0, "SAP with a probe should move θ differently from SFT");
    }

    @Test
    void randomDirectionControlRepeatsWithItsSeedAndDiffersFromTheHarmfulDirection() {
        TrainingConfig reference = TinyModel.config(TrainingMethod.SAP).withSap(TinyModel.config(TrainingMethod.SAP).sap().with(0.5, 0.05));
        TrainingConfig control = reference.withSap(reference.sap().withVariant(SapConfig.Variant.RANDOM_DIRECTION, 1));
        float[] a = train(control, 4);
        assertArrayEquals(a, train(control, 4), "the control's directions come from the seeded generator");
        assertTrue(maxAbsDiff(a, train(reference, 4)) > 0, "a random direction should train differently");
        assertTrue(maxAbsDiff(a, train(control.withSeed(control.seed() + 1), 4)) > 0, "another seed, other draws");
        // At a trained θ: the control's direction has the harmful one's norm on every tensor and does not
        // follow it.
        try (NDManager root = Djl.newManager(); LlamaModel model = TinyModel.load(root); Tokenizer tok = TinyModel.tokenizer();
                Learner l = new Learner(model, control, TinyModel.contrastive(tok, control))) {
            List<Batch> task = TinyModel.batches(tok, 3);
            for (int s = 0; s < 3; s++) {
                l.step(List.of(task.get(s % task.size())));
            }
            try (NDManager m = root.newSubManager()) {
                List<NDArray> harmful = Passes.harmfulDirection(l, m).unit();
                List<NDArray> keep = new ArrayList<>();
                harmful.forEach(h -> keep.add(h.duplicate()));
                List<NDArray> random = Passes.randomLike(harmful, 7, m);
                for (int i = 0; i < random.size(); i++) {
                    double rn = Grads.norm(List.of(random.get(i)));
                    double hn = Grads.norm(List.of(keep.get(i)));
                    assertEquals(hn, rn, 1e-5 + 1e-4 * hn, "tensor " + i + " norm");
                }
                assertEquals(1.0, Grads.norm(random), 1e-4);
                double cos = Grads.dot(random, keep);
                assertTrue(Math.abs(cos) < 0.5, "a random direction should not follow the harmful one: cos " + cos);
            }
        }
    }

    @Test
    void probeGradientMatchesFiniteDifferenceOfTheLossGap() {
        TrainingConfig c = TinyModel.config(TrainingMethod.SAP).withSap(TinyModel.config(TrainingMethod.SAP).sap().with(0.5, 0.05));
        try (NDManager root = Djl.newManager(); LlamaModel model = TinyModel.load(root); Tokenizer tok = TinyModel.tokenizer();
                Learner l = new Learner(model, c, TinyModel.contrastive(tok, c)); NDManager m = root.newSubManager()) {
            randomise(l.theta(), 1);
            randomise(l.probeParams(), 2);
            List<Batch> task = TinyModel.batches(tok, 3).subList(0, 1);
            StepMetrics.Builder metrics = new StepMetrics.Builder(0, 0);
            List<NDArray> dir = l.direction(m, metrics);
            double rho = c.sap().gradRate() * Grads.norm(l.theta());
            Passes.perturbedProbeBackward(l, task, dir, rho, -1f, m);
            l.lora.setTrainable(true);
            Passes.taskBackward(l, task, 1f, m);
            List<NDArray> gv = Grads.take(l.probeParams(), m);
            l.lora.setTrainable(false);
            l.probes.setTrainable(false);

            List<NDArray> u = new ArrayList<>();
            SplittableRandom rnd = new SplittableRandom(7);
            for (NDArray g : gv) {
                float[] x = new float[(int) g.size()];
                for (int i = 0; i < x.length; i++) {
                    x[i] = (float) rnd.nextGaussian();
                }
                u.add(m.create(x, g.getShape()));
            }
            double analytic = Grads.dot(gv, u);
            float eps = 1e-2f;
            double numeric = (gap(l, task, dir, rho, u, eps, m) - gap(l, task, dir, rho, u, -eps, m)) / (2 * eps);
            assertTrue(Math.abs(analytic) > 1e-4, "probe gradient too small to test: " + analytic);
            assertEquals(analytic, numeric, 0.02 * Math.abs(analytic),
                    "∇_v[L(θ,v) − L(θ+ρĝ,v)] along u: analytic " + analytic + ", finite difference " + numeric);
        }
    }

    @Test
    void thetaIsRestoredExactlyAfterEachPerturbationOver100Steps() {
        assertThetaRestored(100);
    }

    @Test
    @Tag("slow")
    void thetaIsRestoredExactlyAfterEachPerturbationOver1000Steps() {
        assertThetaRestored(1000);
    }

    /** With θ's learning rate 0, θ only changes if the perturbation is not undone exactly. */
    private static void assertThetaRestored(int steps) {
        TrainingConfig c = TinyModel.config(TrainingMethod.SAP).withSap(TinyModel.config(TrainingMethod.SAP).sap().with(0.5, 0.05));
        c = c.withOptimizer(c.optimizer().withLr(0));
        try (NDManager root = Djl.newManager(); LlamaModel model = TinyModel.load(root); Tokenizer tok = TinyModel.tokenizer();
                Learner l = new Learner(model, c, TinyModel.contrastive(tok, c))) {
            randomise(l.theta(), 3);
            float[] before = flat(l.theta());
            List<Batch> task = TinyModel.batches(tok, 3);
            double rho = 0;
            for (int s = 0; s < steps; s++) {
                rho = l.step(List.of(task.get(s % task.size()))).rho();
            }
            assertTrue(rho > 0, "the perturbation radius was zero, so nothing was tested");
            assertArrayEquals(before, flat(l.theta()), "θ drifted after " + steps + " perturb/restore cycles");
        }
    }

    private static double gap(Learner l, List<Batch> task, List<NDArray> dir, double rho, List<NDArray> u, float eps,
            NDManager m) {
        List<NDArray> v = l.probeParams();
        List<NDArray> savedV = Grads.copy(v, m);
        for (int i = 0; i < v.size(); i++) {
            v.get(i).addi(u.get(i).mul(eps));
        }
        double base = Losses.task(l.model, task.get(0), m).getFloat();
        List<NDArray> theta = l.theta();
        List<NDArray> savedT = Grads.copy(theta, m);
        for (int i = 0; i < theta.size(); i++) {
            theta.get(i).addi(dir.get(i).mul((float) rho));
        }
        double perturbed = Losses.task(l.model, task.get(0), m).getFloat();
        Grads.restore(theta, savedT);
        Grads.restore(v, savedV);
        return base - perturbed;
    }

    static float[] train(TrainingConfig c, int steps) {
        try (NDManager root = Djl.newManager(); LlamaModel model = TinyModel.load(root); Tokenizer tok = TinyModel.tokenizer();
                Learner l = new Learner(model, c, c.isSap() ? TinyModel.contrastive(tok, c) : null)) {
            List<Batch> task = TinyModel.batches(tok, 3);
            for (int s = 0; s < steps; s++) {
                l.step(List.of(task.get(s % task.size())));
            }
            return flat(l.theta());
        }
    }

    static void randomise(List<NDArray> params, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        for (NDArray p : params) {
            float[] x = new float[(int) p.size()];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) (rnd.nextGaussian() * 0.3);
            }
            p.set(x);
        }
    }

    static float[] flat(List<NDArray> params) {
        int n = params.stream().mapToInt(p -> (int) p.size()).sum();
        float[] out = new float[n];
        int off = 0;
        for (NDArray p : params) {
            float[] x = p.toFloatArray();
            System.arraycopy(x, 0, out, off, x.length);
            off += x.length;
        }
        return out;
    }

    static float maxAbsDiff(float[] a, float[] b) {
        float d = 0;
        for (int i = 0; i < a.length; i++) {
            d = Math.max(d, Math.abs(a[i] - b[i]));
        }
        return d;
    }
}
