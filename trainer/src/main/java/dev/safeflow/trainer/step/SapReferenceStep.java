package dev.safeflow.trainer.step;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.safeflow.trainer.data.Batch;
import dev.safeflow.trainer.optim.Grads;
import java.util.List;

/**
 * SAP, variant {@code reference} (DESIGN.md; the published code's order):
 * 1. ĝ = ∇_θ L_c / ‖∇_θ L_c‖ (every {@code direction-every} steps); 2. ρ = grad_rate·‖θ‖;
 * 3. at θ + ρĝ with θ frozen, backpropagate −L_task into v, then restore θ exactly;
 * 4. backpropagate +L_task(θ, v) into θ and v, so v's gradient is ∇_v[L(θ,v) − L(θ+ρĝ,v)];
 * 5. AdamW on θ, then v ← 0 and one AdamW step on v.
 * With the poison filter on, the task examples it leaves out after step 1 take no part in 2–5. With
 * {@code probe-precision float64}, v's part of 3 and 4 runs on a float64 copy ({@link Float64ProbeGradient}); with
 * {@code auto} and a small grad_rate, 3 and 4 are one pass that takes v's part to first order in ρ
 * ({@link FirstOrderProbeGradient}).
 * With {@code probe-every k}, 3 and v's part of 4 and 5 run on the steps where step % k == 0; the steps between
 * hold v as the last probe step left it and take one task pass at θ (with v in place) into θ alone.
 */
final class SapReferenceStep implements TrainStep {

    @Override
    public void run(Learner l, List<Batch> task, double lr, NDManager m, StepMetrics.Builder metrics) {
        List<NDArray> theta = l.theta();
        List<NDArray> probes = l.probeParams();
        List<NDArray> direction = l.needsDirection() ? l.direction(m, metrics) : l.cachedDirection(); // 1
        task = l.filter(task, direction, m, metrics);
        if (task.isEmpty()) {
            return; // the filter left nothing to train on
        }
        Grads.zero(theta, m);
        Grads.zero(probes, m);
        if (!l.refreshesProbes()) {                                                 // v held: 4 and 5 for θ only
            l.probes.setTrainable(false);
            l.lora.setTrainable(true);
            metrics.taskLoss(Passes.taskBackward(l, task, 1f, m));
            updateTheta(l, direction, lr, m, metrics);
            metrics.probeNorm(Grads.norm(probes));
            return;
        }
        double rho = l.config.sap().gradRate() * Grads.norm(theta);                 // 2
        List<NDArray> gv = null;
        if (FirstOrderProbeGradient.applies(l.config.sap(), rho)) {                 // 3, 4 in one pass, first order
            FirstOrderProbeGradient.Pass pass = FirstOrderProbeGradient.taskBackward(l, task, direction, rho, m);
            gv = pass.probeGradient();
            metrics.taskLoss(pass.loss());
        } else {
            if (l.float64Probe != null) {
                gv = l.float64Probe.probeGradient(l, task, direction, rho, m);      // 3, 4 for v in float64
                l.probes.setTrainable(false);
            } else {
                Passes.perturbedProbeBackward(l, task, direction, rho, -1f, m);     // 3
            }
            l.lora.setTrainable(true);                                              // 4
            metrics.taskLoss(Passes.taskBackward(l, task, 1f, m));
        }
        if (gv == null) {
            gv = Grads.take(probes, m);
        }
        updateTheta(l, direction, lr, m, metrics);                                  // 5
        l.probes.zero();
        l.probeOptimizer.step(gv, l.config.sap().probeLr());
        metrics.rho(rho);
        metrics.probeNorm(Grads.norm(probes));
    }

    /** θ's gradient, its cosine with ĝ (when there is one), clipping and AdamW step. */
    private static void updateTheta(Learner l, List<NDArray> direction, double lr, NDManager m,
            StepMetrics.Builder metrics) {
        List<NDArray> g = Grads.take(l.theta(), m);
        if (direction != null) {
            metrics.cosine(Grads.dot(g, direction) / (Grads.norm(g) * Grads.norm(direction) + 1e-12));
        }
        metrics.gradNorm(Grads.clip(g, l.config.optimizer().maxGradNorm()));
        l.thetaOptimizer.step(g, lr);
    }
}
