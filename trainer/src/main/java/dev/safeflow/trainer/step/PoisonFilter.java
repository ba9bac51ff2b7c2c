package dev.safeflow.trainer.step;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.safeflow.trainer.FilterConfig;
import dev.safeflow.trainer.data.Batch;
import dev.safeflow.trainer.data.Example;
import dev.safeflow.trainer.optim.Grads;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The in-training poison filter ({@link FilterConfig}). An example's score is how much a small step
 * along SAP's harmful direction ĝ lowers its loss, sᵢ = −[Lᵢ(θ+ρ_f ĝ) − Lᵢ(θ)] / ρ_f ≈ −ĝ·∇Lᵢ: a
 * high score means training on it moves θ the way the harmful responses pull. Scores come from two
 * forwards without dropout or gradients. An example whose score lies more than {@code zThreshold}
 * robust standard deviations above the median of the window of earlier scores is left out of the update.
 * Median and MAD rather than mean and standard deviation: poison in the window would inflate both and
 * hide itself (at 20% poison a plain z-score of a poison example is about 2 whatever its score).
 */
final class PoisonFilter {

    private final FilterConfig config;
    private final ArrayDeque<Double> window = new ArrayDeque<>();

    PoisonFilter(FilterConfig config) {
        this.config = config;
    }

    /** The micro-batches without the filtered examples (empty ones dropped); what was left out goes to {@code out}. */
    List<Batch> apply(Learner l, List<Batch> task, List<NDArray> direction, NDManager m, List<FilteredExample> out) {
        double[][] scores = scores(l, task, direction, m);
        double[] recent = window();
        double center = median(recent);
        double[] deviations = new double[recent.length];
        for (int i = 0; i < recent.length; i++) {
            deviations[i] = Math.abs(recent[i] - center);
        }
        double sd = 1.4826 * median(deviations); // the MAD, scaled to a normal's standard deviation
        boolean armed = recent.length >= config.warmup() && sd > 0;
        List<Batch> kept = new ArrayList<>();
        for (int b = 0; b < task.size(); b++) {
            List<Example> rest = new ArrayList<>();
            for (int i = 0; i < scores[b].length; i++) {
                double z = armed ? (scores[b][i] - center) / sd : 0;
                if (armed && z > config.zThreshold()) {
                    out.add(new FilteredExample(b, i, scores[b][i], z));
                } else {
                    rest.add(task.get(b).examples().get(i));
                }
            }
            if (rest.size() == task.get(b).size()) {
                kept.add(task.get(b));
            } else if (!rest.isEmpty()) {
                kept.add(Batch.of(rest, task.get(b).padId()));
            }
        }
        for (double[] batch : scores) {
            for (double s : batch) {
                window.addLast(s);
                if (window.size() > config.window()) {
                    window.removeFirst();
                }
            }
        }
        return kept;
    }

    /** sᵢ per micro-batch and example; θ is restored bit for bit. */
    private double[][] scores(Learner l, List<Batch> task, List<NDArray> direction, NDManager m) {
        List<NDArray> theta = l.theta();
        double rho = config.gradRate() * Grads.norm(theta);
        double[][] base = new double[task.size()][];
        double[][] out = new double[task.size()][];
        for (int b = 0; b < task.size(); b++) {
            base[b] = toDouble(Losses.taskPerExample(l.model, task.get(b), m, false).toFloatArray());
        }
        List<NDArray> saved = Grads.copy(theta, m);
        for (int i = 0; i < theta.size(); i++) {
            theta.get(i).addi(direction.get(i).mul((float) rho));
        }
        for (int b = 0; b < task.size(); b++) {
            float[] perturbed = Losses.taskPerExample(l.model, task.get(b), m, false).toFloatArray();
            out[b] = new double[perturbed.length];
            for (int i = 0; i < perturbed.length; i++) {
                out[b][i] = rho > 0 ? -(perturbed[i] - base[b][i]) / rho : 0;
            }
        }
        Grads.restore(theta, saved);
        return out;
    }

    private static double median(double[] x) {
        if (x.length == 0) {
            return Double.NaN;
        }
        double[] s = x.clone();
        java.util.Arrays.sort(s);
        int h = s.length / 2;
        return s.length % 2 == 1 ? s[h] : (s[h - 1] + s[h]) / 2;
    }

    /** The window of recent scores, oldest first, for checkpoints. */
    double[] window() {
        return window.stream().mapToDouble(Double::doubleValue).toArray();
    }

    void restoreWindow(float[] scores) {
        window.clear();
        for (float s : scores) {
            window.addLast((double) s);
        }
    }

    private static double[] toDouble(float[] x) {
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = x[i];
        }
        return out;
    }
}
