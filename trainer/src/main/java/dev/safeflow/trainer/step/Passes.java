package dev.safeflow.trainer.step;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import dev.safeflow.model.Djl;
import dev.safeflow.model.nn.LlamaModel;
import dev.safeflow.trainer.data.Batch;
import dev.safeflow.trainer.optim.Grads;
import java.util.ArrayList;
import java.util.List;

/** The forward-and-backward passes the steps are made of. */
public final class Passes {

    private Passes() {}

    /**
     * PyTorch's grad mode is per thread and on by default, so a trainer on a new thread would record
     * the in-place optimizer updates (and fail on them); outside a collector it must be off.
     */
    public static void gradModeOff() {
        ai.djl.pytorch.jni.JniUtils.setGradMode(false);
    }

    /**
     * Backpropagates {@code sign · L_task} of every micro-batch, each scaled by 1/n so the accumulated
     * gradient is that of the mean; into whatever currently requires a gradient. Returns the mean loss.
     * Every task pass of a step draws the same dropout masks ({@link Learner#seedDropout}).
     */
    static double taskBackward(Learner l, List<Batch> task, float sign, NDManager m) {
        return taskBackward(l, l.model, task, sign, m);
    }

    /** As above on {@code model}, which may be a float64 copy of {@code l}'s ({@link Float64ProbeGradient}). */
    static double taskBackward(Learner l, LlamaModel model, List<Batch> task, float sign, NDManager m) {
        l.seedDropout();
        double total = 0;
        float scale = sign / task.size();
        try (GradientCollector gc = Djl.engine().newGradientCollector()) {
            for (Batch b : task) {
                NDArray loss = Losses.task(model, b, m);
                gc.backward(loss.mul(Losses.scalar(m, scale)));
                total += loss.getDataType() == DataType.FLOAT64 ? loss.getDouble() : loss.getFloat();
            }
        }
        return total / task.size();
    }

    /**
     * SAP step 1: g = ∇_θ L_c on this step's contrastive batch, ĝ = g / ‖g‖ with one norm over all LoRA
     * tensors (ĝ = 0 when g = 0). g is taken from {@link Losses#contrastiveDirection}, which rescales it so
     * it does not underflow on an aligned model. θ's gradients are left at zero.
     */
    static Direction harmfulDirection(Learner l, NDManager m) {
        List<NDArray> theta = l.theta();
        Grads.zero(theta, m);
        l.lora.setTrainable(true);
        if (l.probes != null) {
            l.probes.setTrainable(false);
        }
        Batch pairs = l.contrastive.batch(l.steps());
        Losses.Contrastive lc;
        try (GradientCollector gc = Djl.engine().newGradientCollector()) {
            lc = Losses.contrastiveDirection(l.model, pairs, l.config.sap().temperature(), m);
            gc.backward(lc.surrogate());
        }
        List<NDArray> g = Grads.take(theta, m);
        double scaledNorm = Grads.norm(g);
        float inv = scaledNorm > 0 ? (float) (1.0 / scaledNorm) : 0f;
        List<NDArray> unit = new ArrayList<>(g.size());
        for (NDArray gi : g) {
            unit.add(gi.mul(inv));
        }
        double log10Norm = scaledNorm > 0 ? Math.log10(scaledNorm) + lc.logScale() / Math.log(10)
                : Double.NEGATIVE_INFINITY;
        return new Direction(unit, lc.loss(), log10Norm);
    }

    /**
     * ĝ and what it was computed from.
     *
     * @param unit ĝ, one tensor per θ tensor; all zero when g is
     * @param loss L_c
     * @param log10Norm log₁₀ ‖∇_θ L_c‖ (−∞ when g = 0): far below float32's range on an aligned model
     */
    record Direction(List<NDArray> unit, double loss, double log10Norm) {

        boolean isZero() {
            return log10Norm == Double.NEGATIVE_INFINITY;
        }
    }

    /**
     * The {@code random-direction} control's ĝ: per θ tensor a Gaussian draw scaled to that tensor's norm
     * in the harmful direction, so the control perturbs A and B by as much as SAP does (at the start B is
     * zero and ĝ lives almost entirely in B) and differs from it only in where it points. The draws come
     * from a Java generator seeded by (seed, step), not the engine's, so dropout masks stay those of
     * {@code reference}.
     */
    static List<NDArray> randomLike(List<NDArray> harmful, long seed, NDManager m) {
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(seed);
        List<NDArray> out = new ArrayList<>();
        for (NDArray h : harmful) {
            float[] x = new float[Math.toIntExact(h.size())];
            double ss = 0;
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) rnd.nextGaussian();
                ss += (double) x[i] * x[i];
            }
            double target = Grads.norm(List.of(h));
            NDArray r = m.create(x, h.getShape()).mul((float) (target / (Math.sqrt(ss) + 1e-12)));
            out.add(r);
            h.close();
        }
        return out;
    }

    /**
     * With θ frozen at θ + ρĝ, backpropagates {@code sign · L_task(θ+ρĝ, v)} into v, then writes θ's
     * saved bytes back, so θ is restored exactly rather than by subtracting ρĝ again.
     */
    static void perturbedProbeBackward(Learner l, List<Batch> task, List<NDArray> direction, double rho, float sign,
            NDManager m) {
        List<NDArray> theta = l.theta();
        List<NDArray> saved = Grads.copy(theta, m);
        l.lora.setTrainable(false);
        l.probes.setTrainable(true);
        for (int i = 0; i < theta.size(); i++) {
            theta.get(i).addi(direction.get(i).mul((float) rho));
        }
        taskBackward(l, task, sign, m);
        Grads.restore(theta, saved);
    }

    static List<NDArray> scaled(List<NDArray> a, float s) {
        List<NDArray> out = new ArrayList<>(a.size());
        a.forEach(x -> out.add(x.mul(s)));
        return out;
    }
}
