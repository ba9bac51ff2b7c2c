package dev.safeflow.trainer;

import java.util.List;

/**
 * SAP's own settings (DESIGN.md, "SAP, precisely").
 *
 * @param variant {@code reference} (the published code's order, default), {@code paper} (Algorithm 1), or
 *     {@code random-direction}: a control for experiments, the reference order with ĝ replaced by a random
 *     unit direction; it asks whether SAP's effect comes from the harmful direction or from probing at all
 * @param gradRate ρ = gradRate·‖θ‖; the reference uses 2e-5
 * @param temperature T in the contrastive loss; 1 in the reference
 * @param probeLr AdamW learning rate of the probe vectors v; 0.05 in the reference
 * @param directionEvery reuse the normalised harmful direction ĝ for this many steps; 1 is the published method,
 *     larger values trade fidelity for the cost of one contrastive forward and backward
 * @param paperBeta the {@code paper} variant's v_safe = β·grad_v
 * @param probeLayers layers that carry a probe; empty means round(0.1·L) and round(0.3·L)
 */
public record SapConfig(String variant, double gradRate, double temperature, double probeLr, int directionEvery,
        double paperBeta, List<Integer> probeLayers) {

    public static final List<String> VARIANTS = List.of("reference", "paper", "random-direction");

    public static SapConfig defaults() {
        return new SapConfig("reference", 2e-5, 1.0, 0.05, 1, 0.05, List.of());
    }

    public SapConfig {
        probeLayers = List.copyOf(probeLayers);
        if (!VARIANTS.contains(variant)) {
            throw new IllegalArgumentException("SAP variant '" + variant + "' is unknown: use one of "
                    + String.join(", ", VARIANTS));
        }
        if (directionEvery < 1) {
            throw new IllegalArgumentException("direction-every must be at least 1, got " + directionEvery);
        }
        if (temperature <= 0) {
            throw new IllegalArgumentException("contrastive temperature must be positive, got " + temperature);
        }
    }

    public SapConfig with(double newGradRate, double newProbeLr) {
        return new SapConfig(variant, newGradRate, temperature, newProbeLr, directionEvery, paperBeta, probeLayers);
    }

    public SapConfig withProbeLayers(List<Integer> newProbeLayers) {
        return new SapConfig(variant, gradRate, temperature, probeLr, directionEvery, paperBeta, newProbeLayers);
    }

    public SapConfig withVariant(String newVariant, int newDirectionEvery) {
        return new SapConfig(newVariant, gradRate, temperature, probeLr, newDirectionEvery, paperBeta, probeLayers);
    }
}
