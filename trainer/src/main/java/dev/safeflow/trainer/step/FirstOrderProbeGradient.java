package dev.safeflow.trainer.step;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import dev.safeflow.model.Djl;
import dev.safeflow.trainer.SapConfig;
import dev.safeflow.trainer.data.Batch;
import dev.safeflow.trainer.optim.Grads;
import java.util.ArrayList;
import java.util.List;

/**
 * SAP's probe gradient to first order in ρ, for small grad_rate ({@code trainer.sap.probe-precision: auto}):
 * D = ∇_v[L(θ,v) − L(θ+ρĝ,v)] = −ρ ∇_v(ĝ·∇_θ L(θ,v)) + O(ρ²), a Hessian-vector product taken by double backward.
 *
 * <p>Why: the float32 difference of two gradients misses D by about u/grad_rate (u = 2⁻²⁴), 7e-2 at grad_rate
 * 1e-6; the product has no such cancellation, so its error is its truncation, about c·grad_rate, and it falls
 * where the difference's rises. At and below {@link #CROSSOVER} the step uses this form, above it the float32
 * difference (docs/trainer.md, "Probe-gradient accuracy", has both curves and where they cross).
 *
 * <p>One pass gives both: the first backward keeps its graph and leaves ∇_θ L (the update's gradient, which
 * the product is taken from); the second differentiates ĝ·∇_θ L into v. The loss uses the model's plain
 * {@link dev.safeflow.model.nn.LlamaModel#tokenLogProbs}, because the chunked head's surrogate has no second
 * derivative: it holds (B, T, V) log-probabilities per micro-batch, which the chunked path avoids.
 */
final class FirstOrderProbeGradient {

    /** grad_rate at and below which the first-order form is the more accurate on the tiny test model. */
    static final double CROSSOVER = 5e-5;

    private FirstOrderProbeGradient() {}

    /** Whether a step at {@code rho} takes D from here; at ρ = 0 D is exactly 0 and the plain passes give it. */
    static boolean applies(SapConfig sap, double rho) {
        return sap.autoProbe() && rho > 0 && sap.gradRate() <= CROSSOVER;
    }

    /**
     * One task pass at θ: ∇_θ L_task(θ, v) is left accumulated in θ's gradients, as {@link Passes#taskBackward}
     * leaves it, and D to first order is returned, one float32 tensor per probe, in {@code m}.
     */
    static Pass taskBackward(Learner l, List<Batch> task, List<NDArray> direction, double rho, NDManager m) {
        List<NDArray> theta = l.theta();
        List<NDArray> probes = l.probeParams();
        l.lora.setTrainable(true);
        l.probes.setTrainable(true);
        l.seedDropout();
        List<NDArray> gTheta = zeros(theta, m);
        List<NDArray> hv = zeros(probes, m);
        float scale = 1f / task.size();
        double total = 0;
        try (GradientCollector gc = Djl.engine().newGradientCollector()) {
            for (Batch b : task) {
                renew(theta);
                renew(probes);
                // through the plain head, which can be differentiated twice
                NDArray loss = Losses.task(l.model.tokenLogProbs(b.ids(m), b.padding(), true), b, m);
                total += loss.getFloat();
                NDArray scaled = loss.mul(Losses.scalar(m, scale));
                JniUtils.backward((PtNDArray) scaled, (PtNDArray) scaled.onesLike(), true, true);
                NDArray along = Losses.scalar(m, 0f); // ĝ·∇_θ L, still in the graph
                for (int i = 0; i < theta.size(); i++) {
                    NDArray g = theta.get(i).getGradient();
                    g.attach(m);
                    along = along.add(g.mul(direction.get(i)).sum());
                }
                JniUtils.setGradMode(false);
                addGradients(theta, gTheta, m); // ∇_θ L, before the second backward adds H_θθ ĝ to it
                Grads.zero(probes, m); // ∇_v L is not part of D
                JniUtils.backward((PtNDArray) along, (PtNDArray) along.onesLike(), false, false);
                addGradients(probes, hv, m);
                JniUtils.setGradMode(true); // the next micro-batch renews θ and v, dropping these gradients
            }
        }
        renew(theta);
        renew(probes);
        // θ's gradients become ∇_θ L, the probes' zero, as gradients without history: the backward of
        // Σ θ·∇_θ L + Σ v·0 writes exactly those values.
        try (GradientCollector gc = Djl.engine().newGradientCollector()) {
            NDArray seed = Losses.scalar(m, 0f);
            for (int i = 0; i < theta.size(); i++) {
                seed = seed.add(theta.get(i).mul(gTheta.get(i)).sum());
            }
            for (NDArray v : probes) {
                seed = seed.add(v.mul(0f).sum());
            }
            gc.backward(seed);
        }
        List<NDArray> d = new ArrayList<>(hv.size());
        hv.forEach(h -> d.add(h.mul((float) -rho)));
        return new Pass(total / task.size(), d);
    }

    /**
     * @param loss the mean task loss
     * @param probeGradient D to first order in ρ, one tensor per probe
     */
    record Pass(double loss, List<NDArray> probeGradient) {}

    private static List<NDArray> zeros(List<NDArray> like, NDManager m) {
        List<NDArray> out = new ArrayList<>(like.size());
        like.forEach(p -> out.add(m.zeros(p.getShape(), p.getDataType())));
        return out;
    }

    /** into[i] += params[i].grad. Grad mode must be off. */
    private static void addGradients(List<NDArray> params, List<NDArray> into, NDManager m) {
        for (int i = 0; i < params.size(); i++) {
            NDArray g = params.get(i).getGradient();
            g.attach(m);
            into.get(i).addi(g);
        }
    }

    /**
     * Gives each parameter a fresh tensor of the same values, with no gradient. A gradient made by a create-graph
     * backward keeps that pass's graph as its history, and zeroing it in place keeps the history too (libtorch's
     * zero_ links to it); the next create-graph backward adds to it, so the next second backward walks into a graph
     * whose saved tensors are already freed. DJL cannot reset a gradient to undefined, so the parameter is renewed:
     * the same Java object (the model, the LoRA adapter and the optimizer keep theirs) on a new leaf tensor.
     */
    private static void renew(List<NDArray> params) {
        boolean grad = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
        try {
            for (NDArray p : params) {
                NDArray fresh = p.duplicate();
                fresh.setRequiresGradient(true);
                p.intern(fresh);
            }
        } finally {
            JniUtils.setGradMode(grad);
        }
    }
}
