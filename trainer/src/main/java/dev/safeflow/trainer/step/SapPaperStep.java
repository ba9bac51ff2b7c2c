package dev.safeflow.trainer.step;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.safeflow.trainer.data.Batch;
import dev.safeflow.trainer.optim.Grads;
import java.util.List;

/**
 * SAP, variant {@code paper} (Algorithm 1), four passes: ĝ from L_c; v ← 0;
 * grad_v = ∇_v L_task(θ+ρĝ, v) − ∇_v L_task(θ, v); v_safe = β·grad_v; θ ← AdamW(θ, ∇_θ L_task(θ, v_safe)).
 * grad_v is float32's difference of two passes, or one pass to first order in ρ under {@code probe-precision auto}
 * at a small grad_rate ({@link FirstOrderProbeGradient}), or two float64 passes ({@link Float64ProbeGradient}).
 */
final class SapPaperStep implements TrainStep {

    @Override
    public void run(Learner l, List<Batch> task, double lr, NDManager m, StepMetrics.Builder metrics) {
        List<NDArray> theta = l.theta();
        List<NDArray> probes = l.probeParams();
        List<NDArray> direction = l.direction(m, metrics);
        task = l.filter(task, direction, m, metrics);
        if (task.isEmpty()) {
            return; // the filter left nothing to train on
        }
        double rho = l.config.sap().gradRate() * Grads.norm(theta);
        l.probes.zero();
        Grads.zero(theta, m);
        Grads.zero(probes, m);
        float beta = (float) l.config.sap().paperBeta();
        List<NDArray> d = null; // D = ∇_v[L(θ,v) − L(θ+ρĝ,v)] where it is not float32's difference below
        if (FirstOrderProbeGradient.applies(l.config.sap(), rho)) {
            d = FirstOrderProbeGradient.taskBackward(l, task, direction, rho, m).probeGradient(); // first order in ρ
            Grads.zero(theta, m); // that pass's ∇_θ L is at v = 0, not at v_safe
        } else if (l.float64Probe != null) {
            d = l.float64Probe.probeGradient(l, task, direction, rho, m); // in float64
        }
        if (d != null) {
            // grad_v = −D
            for (int i = 0; i < probes.size(); i++) {
                probes.get(i).set(d.get(i).mul(-beta).toByteBuffer());
            }
        } else {
            Passes.perturbedProbeBackward(l, task, direction, rho, 1f, m);
            List<NDArray> perturbed = Grads.take(probes, m);
            Passes.taskBackward(l, task, 1f, m);
            List<NDArray> base = Grads.take(probes, m);
            for (int i = 0; i < probes.size(); i++) {
                NDArray vSafe = perturbed.get(i).sub(base.get(i)).muli(beta);
                probes.get(i).set(vSafe.toByteBuffer());
            }
        }
        l.probes.setTrainable(false);
        l.lora.setTrainable(true);
        metrics.taskLoss(Passes.taskBackward(l, task, 1f, m));
        List<NDArray> g = Grads.take(theta, m);
        metrics.cosine(Grads.dot(g, direction) / (Grads.norm(g) * Grads.norm(direction) + 1e-12));
        metrics.gradNorm(Grads.clip(g, l.config.optimizer().maxGradNorm()));
        l.thetaOptimizer.step(g, lr);
        metrics.rho(rho);
        metrics.probeNorm(Grads.norm(probes));
    }
}
