package dev.safeflow.model.lora;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.safeflow.model.Djl;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** LoRA dropout's Java-drawn masks: the rate, the scale, repeatability per seed, and gradients that outlive the buffer. */
class DropoutMasksTest {
    @Test
    void keepsOneMinusPOfTheElementsScaledByItsInverse() {
        try (NDManager m = Djl.newManager()) {
            for (float p : new float[] {0.05f, 0.1f, 0.5f}) {
                DropoutMasks.reseed(3);
                float[] y = DropoutMasks.apply(m.ones(new Shape(1001, 999)), p).toFloatArray();
                long kept = 0;
                for (float v : y) {
                    assertTrue(v == 0f || v == 1f / (1f - p), "an element of " + v + " at p " + p);
                    kept += v == 0f ? 0 : 1;
                }
                double n = y.length;
                double sigma = Math.sqrt(n * p * (1 - p));
                assertEquals(n * (1 - p), kept, 5 * sigma, "kept " + kept + " of " + y.length + " at p " + p);
            }
        }
    }

    @Test
    void theSameSeedDrawsTheSameMasksInTheSameOrder() {
        try (NDManager m = Djl.newManager()) {
            NDArray x = m.ones(new Shape(64, 33)); // an odd element count: the last element has a draw of its own
            DropoutMasks.reseed(42);
            float[] first = DropoutMasks.apply(x, 0.1f).toFloatArray();
            float[] second = DropoutMasks.apply(x, 0.1f).toFloatArray();
            DropoutMasks.reseed(42);
            assertArrayEquals(first, DropoutMasks.apply(x, 0.1f).toFloatArray());
            assertArrayEquals(second, DropoutMasks.apply(x, 0.1f).toFloatArray());
            assertFalse(Arrays.equals(first, second), "two masks in a row were equal");
            DropoutMasks.reseed(43);
            assertFalse(Arrays.equals(first, DropoutMasks.apply(x, 0.1f).toFloatArray()), "another seed drew the same mask");
        }
    }

    /** The mask autograd keeps must be libtorch's own: the Java buffer it was filled in is refilled by the next mask. */
    @Test
    void theGradientIsTheMaskEvenAfterLaterMasksRefilledTheBuffer() {
        try (NDManager m = Djl.newManager()) {
            NDArray x = m.ones(new Shape(128, 64));
            x.setRequiresGradient(true);
            DropoutMasks.reseed(5);
            try (GradientCollector gc = Djl.engine().newGradientCollector()) {
                NDArray y = DropoutMasks.apply(x, 0.3f);
                float[] mask = y.toFloatArray(); // x is ones, so y is the mask
                for (int i = 0; i < 5; i++) {
                    DropoutMasks.apply(m.ones(new Shape(128, 64)), 0.3f); // overwrites the shared buffer
                }
                System.gc();
                gc.backward(y.sum());
                assertArrayEquals(mask, x.getGradient().toFloatArray());
            }
        }
    }
}
