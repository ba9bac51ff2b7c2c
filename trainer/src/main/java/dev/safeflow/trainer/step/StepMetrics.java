package dev.safeflow.trainer.step;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one optimizer step measured. Values that a step did not compute are NaN (e.g. the contrastive
 * loss on a step that reused the harmful direction, or everything SAP-specific under SFT).
 *
 * @param cosine cos(∇_θ L_task, ĝ), the paper's diagnostic: negative means the task pulls against safety
 * @param rho the perturbation radius ρ = grad_rate·‖θ‖
 * @param harmfulGradLog10Norm log₁₀ ‖∇_θ L_c‖ behind this step's ĝ (−∞ when it is zero); on an aligned model
 *     far below what float32 can hold, which is why ĝ is computed from a rescaled gradient
 * @param directionZero 1 when this step's ĝ is zero (SAP then trains like SFT), 0 when not, NaN under SFT
 * @param filtered task examples the poison filter left out of this step; NaN with the filter off
 */
public record StepMetrics(long step, double taskLoss, double contrastiveLoss, double cosine, double probeNorm,
        double rho, double lr, double gradNorm, double harmfulGradLog10Norm, double directionZero, double filtered, long tokens,
        double millis) {

    public double tokensPerSecond() {
        return millis <= 0 ? 0 : tokens * 1000.0 / millis;
    }

    /** The names CheckpointEvent.metrics and the logs use. */
    public Map<String, Double> asMap() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("task_loss", taskLoss);
        m.put("contrastive_loss", contrastiveLoss);
        m.put("cosine_task_harmful", cosine);
        m.put("probe_norm", probeNorm);
        m.put("rho", rho);
        m.put("lr", lr);
        m.put("grad_norm", gradNorm);
        m.put("harmful_grad_log10_norm", harmfulGradLog10Norm);
        m.put("direction_zero", directionZero);
        m.put("filtered", filtered);
        m.put("tokens_per_second", tokensPerSecond());
        m.put("step_ms", millis);
        return m;
    }

    /** {@link #asMap()} without the values this step did not compute (NaN), for JSON and Avro. */
    public Map<String, Double> finiteMap() {
        Map<String, Double> m = new LinkedHashMap<>();
        asMap().forEach((k, v) -> {
            if (Double.isFinite(v)) {
                m.put(k, v);
            }
        });
        return m;
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "step %d  loss %.4f  contrastive %.3g  log10|g| %.1f  cos %.3f  |v| %.3g"
                + "  rho %.3g  lr %.2g  %.0f tok/s  %.0f ms", step, taskLoss, contrastiveLoss, harmfulGradLog10Norm, cosine,
                probeNorm, rho, lr, tokensPerSecond(), millis);
    }

    /** Collects a step's values as the step computes them. */
    static final class Builder {
        private final long step;
        private final double lr;
        private double taskLoss = Double.NaN;
        private double contrastiveLoss = Double.NaN;
        private double cosine = Double.NaN;
        private double probeNorm = Double.NaN;
        private double rho = Double.NaN;
        private double gradNorm = Double.NaN;
        private double harmfulGradLog10Norm = Double.NaN;
        private double directionZero = Double.NaN;
        private double filtered = Double.NaN;

        Builder(long step, double lr) {
            this.step = step;
            this.lr = lr;
        }

        void taskLoss(double v) {
            taskLoss = v;
        }

        void contrastiveLoss(double v) {
            contrastiveLoss = v;
        }

        void cosine(double v) {
            cosine = v;
        }

        void probeNorm(double v) {
            probeNorm = v;
        }

        void rho(double v) {
            rho = v;
        }

        void gradNorm(double v) {
            gradNorm = v;
        }

        void filtered(int n) {
            filtered = n;
        }

        /** The ĝ this step uses, by log₁₀ ‖∇_θ L_c‖ (−∞: ĝ = 0). */
        void direction(double log10Norm) {
            harmfulGradLog10Norm = log10Norm;
            directionZero = log10Norm == Double.NEGATIVE_INFINITY ? 1 : 0;
        }

        StepMetrics build(long tokens, double millis) {
            return new StepMetrics(step, taskLoss, contrastiveLoss, cosine, probeNorm, rho, lr, gradNorm,
                    harmfulGradLog10Norm, directionZero, filtered, tokens, millis);
        }
    }
}
