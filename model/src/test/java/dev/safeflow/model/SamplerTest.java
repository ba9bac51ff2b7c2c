package dev.safeflow.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.safeflow.model.generate.Sampler;
import dev.safeflow.model.generate.TopPSampler;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SamplerTest {

    @Test
    void greedyPicksTheFirstMaximum() {
        assertEquals(1, Sampler.GREEDY.sample(new float[] {0f, 3f, 3f, -1f}));
    }

    @Test
    void topPKeepsOnlyTheNucleus() {
        // probabilities ≈ 0.64, 0.24, 0.09, 0.03: top-p 0.7 keeps ids 2 and 0 only
        float[] logits = {(float) Math.log(0.24), (float) Math.log(0.03), (float) Math.log(0.64),
            (float) Math.log(0.09)};
        TopPSampler s = new TopPSampler(1f, 0.7f, new SplittableRandom(3));
        int[] counts = new int[4];
        for (int i = 0; i < 4000; i++) {
            counts[s.sample(logits)]++;
        }
        assertEquals(0, counts[1] + counts[3]);
        double share = counts[2] / 4000.0;
        assertTrue(Math.abs(share - 0.64 / 0.88) < 0.03, "share of the top token " + share);
    }

    @Test
    void lowTemperatureApproachesGreedy() {
        TopPSampler s = new TopPSampler(1e-3f, 1f, new SplittableRandom(1));
        for (int i = 0; i < 100; i++) {
            assertEquals(2, s.sample(new float[] {1f, 0.5f, 1.2f}));
        }
    }
}
