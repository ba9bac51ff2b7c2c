package dev.safeflow.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.safeflow.model.io.ModelLoader;
import dev.safeflow.model.nn.LlamaModel;
import org.junit.jupiter.api.Test;

class PaddingTest {

    @Test
    void rightPaddingDoesNotChangeTheLogitsOrLogProbsOfRealTokens() {
        try (NDManager root = Djl.newManager(); LlamaModel model = ModelLoader.load(Fixtures.model("llama-gqa"), root);
                NDManager step = root.newSubManager()) {
            long[] a = {1, 9, 17, 33, 4, 60};
            long[] b = {1, 12, 7};
            NDArray batch = step.create(new long[] {1, 9, 17, 33, 4, 60, 1, 12, 7, 3, 3, 3}, new Shape(2, 6));
            int[][] pad = {{1, 1, 1, 1, 1, 1}, {1, 1, 1, 0, 0, 0}};
            NDArray padded = model.logits(batch, pad, null, false); // (2, 6, V)
            NDArray alone = model.logits(step.create(b, new Shape(1, 3)), new int[][] {{1, 1, 1}}, null, false);
            NDArray first = model.logits(step.create(a, new Shape(1, 6)), new int[][] {{1, 1, 1, 1, 1, 1}}, null, false);
            assertTrue(Fixtures.maxAbsDiff(padded.get("1, :3").expandDims(0), alone) < 1e-5);
            assertTrue(Fixtures.maxAbsDiff(padded.get("0:1"), first) < 1e-5);

            NDArray lp = model.tokenLogProbs(batch, pad, false); // (2, 5)
            NDArray manual = alone.logSoftmax(-1).get(0, 0, 12);
            assertEquals(manual.getFloat(), lp.getFloat(1, 0), 1e-5);
        }
    }
}
