package dev.safeflow.trainer.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.safeflow.model.Djl;
import dev.safeflow.model.io.SafeTensors;
import dev.safeflow.model.io.SafeTensorsWriter;
import dev.safeflow.trainer.OptimizerConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdamWTest {

    @Test
    void firstTwoStepsMatchHandComputedPyTorchAdamW() {
        try (NDManager m = Djl.newManager()) {
            NDArray p = m.create(new float[] {1f, -2f});
            try (AdamW opt = new AdamW("x", Map.of("p", p), 0.9, 0.999, 1e-8, 0.1, m)) {
                opt.step(List.of(m.create(new float[] {0.5f, -1f})), 0.01);
                // step 1: p·(1 − lr·wd), then − lr·m̂/(√ŝ + ε) with m̂ = g, √ŝ = |g|: a move of lr·sign(g)
                assertEquals(1f * (1 - 0.001f) - 0.01f, p.getFloat(0), 1e-6);
                assertEquals(-2f * (1 - 0.001f) + 0.01f, p.getFloat(1), 1e-6);
                opt.step(List.of(m.create(new float[] {0.5f, -1f})), 0.01);
                assertEquals((0.989f * 0.999f) - 0.01f, p.getFloat(0), 1e-6);
            }
        }
    }

    @Test
    void stateRoundTripsBitForBit(@TempDir Path dir) {
        try (NDManager m = Djl.newManager()) {
            NDArray p = m.create(new float[] {1f, 2f, 3f});
            NDArray q = m.create(new float[] {1f, 2f, 3f});
            try (AdamW a = new AdamW("x", Map.of("p", p), 0.9, 0.999, 1e-8, 0.01, m);
                    AdamW b = new AdamW("x", Map.of("p", q), 0.9, 0.999, 1e-8, 0.01, m)) {
                NDArray g = m.create(new float[] {0.3f, -0.1f, 0.7f});
                a.step(List.of(g), 0.1);
                a.step(List.of(g.mul(-2)), 0.1);
                SafeTensorsWriter.write(dir.resolve("opt.safetensors"), a.state(m));
                try (SafeTensors st = SafeTensors.open(dir.resolve("opt.safetensors"))) {
                    b.load(st);
                }
                q.set(p.toFloatArray());
                assertEquals(2, b.steps());
                a.step(List.of(g), 0.1);
                b.step(List.of(g), 0.1);
                assertArrayEquals(p.toFloatArray(), q.toFloatArray());
            }
        }
    }

    @Test
    void cosineScheduleWarmsUpThenDecaysToZero() {
        OptimizerConfig c = new OptimizerConfig(1.0, 0, 0.9, 0.999, 1e-8, 1, "cosine", 2, 12, 1);
        assertEquals(0.5, LrSchedule.lr(c, 0), 1e-12);
        assertEquals(1.0, LrSchedule.lr(c, 2), 1e-12);
        assertEquals(0.5, LrSchedule.lr(c, 7), 1e-12);
        assertEquals(0.0, LrSchedule.lr(c, 12), 1e-12);
        assertEquals(1.0, LrSchedule.lr(OptimizerConfig.defaults().withLr(1.0), 1000), 1e-12);
    }
}
