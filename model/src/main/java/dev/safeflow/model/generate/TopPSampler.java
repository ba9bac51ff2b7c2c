package dev.safeflow.model.generate;

import java.util.Arrays;
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
        float[] p = new float[v];
        double sum = 0;
        for (int i = 0; i < v; i++) {
            p[i] = (float) Math.exp((logits[i] - max) / temperature);
            sum += p[i];
        }
        // Sort (probability, id) pairs as primitive longs: for non-negative floats the bit pattern
        // orders like the value, which keeps a 128k vocabulary cheap to sort every token.
        long[] keys = new long[v];
        for (int i = 0; i < v; i++) {
            p[i] /= (float) sum;
            keys[i] = ((long) Float.floatToIntBits(p[i]) << 32) | i;
        }
        Arrays.sort(keys);
        int keep = 0;
        double mass = 0;
        while (keep < v && (keep == 0 || mass < topP)) {
            mass += p[(int) keys[v - 1 - keep++]];
        }
        double r = random.nextDouble() * mass;
        for (int k = 0; k < keep; k++) {
            int id = (int) keys[v - 1 - k];
            r -= p[id];
            if (r <= 0) {
                return id;
            }
        }
        return (int) keys[v - keep];
    }
}
