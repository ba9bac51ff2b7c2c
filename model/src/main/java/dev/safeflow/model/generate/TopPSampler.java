package dev.safeflow.model.generate;

import java.util.Arrays;
import java.util.Comparator;
import java.util.SplittableRandom;

/**
 * Temperature then nucleus (top-p) sampling: keep the smallest set of most likely tokens whose
 * probability reaches {@code topP}, renormalise, draw. Deterministic for a given random generator.
 */
public record TopPSampler(float temperature, float topP, SplittableRandom random) implements Sampler {

    public TopPSampler {
        if (temperature <= 0) {
            throw new IllegalArgumentException("temperature must be > 0 (use greedy for 0), got " + temperature);
        }
        if (topP <= 0 || topP > 1) {
            throw new IllegalArgumentException("top-p must be in (0, 1], got " + topP);
        }
    }

    @Override
    public int sample(float[] logits) {
        int v = logits.length;
        double max = Double.NEGATIVE_INFINITY;
        for (float l : logits) {
            max = Math.max(max, l);
        }
        double[] p = new double[v];
        double sum = 0;
        for (int i = 0; i < v; i++) {
            p[i] = Math.exp((logits[i] - max) / temperature);
            sum += p[i];
        }
        Integer[] order = new Integer[v];
        for (int i = 0; i < v; i++) {
            order[i] = i;
            p[i] /= sum;
        }
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -p[i]).thenComparingInt(i -> i));
        int keep = 0;
        double mass = 0;
        while (keep < v && (keep == 0 || mass < topP)) {
            mass += p[order[keep++]];
        }
        double r = random.nextDouble() * mass;
        for (int k = 0; k < keep; k++) {
            r -= p[order[k]];
            if (r <= 0) {
                return order[k];
            }
        }
        return order[keep - 1];
    }
}
