package dev.safeflow.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import dev.safeflow.model.io.ModelLoader;
import dev.safeflow.model.lora.LoraAdapter;
import dev.safeflow.model.nn.AttentionMask;
import dev.safeflow.model.nn.Gradients;
import dev.safeflow.model.nn.LlamaModel;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GradientsTest {

    private static void backward(LlamaModel model, NDArray tokens) {
        try (GradientCollector gc = Djl.engine().newGradientCollector()) {
            gc.backward(model.tokenLogProbs(tokens, AttentionMask.full(1, (int) tokens.size()), false).sum());
        }
    }

    @Test
    void gradientsAccumulateUntilZeroed() {
        try (NDManager root = Djl.newManager(); LlamaModel model = ModelLoader.load(Fixtures.model("llama-gqa"), root);
                LoraAdapter lora = LoraAdapter.load(Fixtures.model("llama-gqa-lora"), model);
                NDManager step = root.newSubManager()) {
            lora.setTrainable(true);
            NDArray tokens = Fixtures.golden("llama-gqa", "tokens", step).reshape(1, -1);
            backward(model, tokens);
            double once = Gradients.norm(lora.parameters());
            backward(model, tokens);
            assertEquals(2 * once, Gradients.norm(lora.parameters()), 1e-4 * once);
            Gradients.zero(lora.parameters());
            assertEquals(0.0, Gradients.norm(lora.parameters()));
            backward(model, tokens);
            assertEquals(once, Gradients.norm(lora.parameters()), 1e-4 * once);
            assertTrue(once > 0);
        }
    }

    @Test
    void slidingWindowLongerThanTheSequenceIsRefusedClearly(@TempDir Path dir) throws Exception {
        Path src = Fixtures.model("mistral-linear");
        java.nio.file.Files.copy(src.resolve("model.safetensors"), dir.resolve("model.safetensors"));
        java.nio.file.Files.writeString(dir.resolve("config.json"), java.nio.file.Files.readString(
                src.resolve("config.json")).replace("\"sliding_window\": null", "\"sliding_window\": 4"));
        try (ModelRuntime rt = ModelRuntime.open(dir, null)) {
            assertEquals(64, rt.logits(new int[] {1, 2, 3, 4})[3].length);
            ModelException e = org.junit.jupiter.api.Assertions.assertThrows(ModelException.class,
                    () -> rt.logits(new int[] {1, 2, 3, 4, 5}));
            assertTrue(e.getMessage().contains("exceeds sliding_window 4"), e.getMessage());
        }
    }
}
