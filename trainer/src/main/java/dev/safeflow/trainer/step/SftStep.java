package dev.safeflow.trainer.step;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.safeflow.trainer.data.Batch;
import dev.safeflow.trainer.optim.Grads;
import java.util.List;

/** The SFT baseline: AdamW on θ with ∇_θ L_task, no probe. */
final class SftStep implements TrainStep {

    @Override
    public void run(Learner l, List<Batch> task, double lr, NDManager m, StepMetrics.Builder metrics) {
        List<NDArray> theta = l.theta();
        Grads.zero(theta, m);
        l.lora.setTrainable(true);
        metrics.taskLoss(Passes.taskBackward(l, task, 1f, m));
        List<NDArray> g = Grads.take(theta, m);
        metrics.gradNorm(Grads.clip(g, l.config.optimizer().maxGradNorm()));
        l.thetaOptimizer.step(g, lr);
    }
}
