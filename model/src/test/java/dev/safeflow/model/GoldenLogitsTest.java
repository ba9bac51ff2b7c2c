package dev.safeflow.model;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.safeflow.model.io.ModelLoader;
import dev.safeflow.model.nn.AttentionMask;
import dev.safeflow.model.nn.LlamaModel;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Logits match the independent plain-PyTorch reference (scripts/make_fixtures.py). */
class GoldenLogitsTest {

    @ParameterizedTest
    @ValueSource(strings = {"llama-gqa", "llama3-tied-bf16", "qwen2-f16", "mistral-linear"})
    void logitsMatchThePyTorchReference(String name) {
        try (NDManager root = Djl.newManager(); LlamaModel model = ModelLoader.load(Fixtures.model(name), root);
                NDManager step = root.newSubManager()) {
            NDArray tokens = Fixtures.golden(name, "tokens", step);
            NDArray expected = Fixtures.golden(name, "logits", step);
            int t = (int) tokens.size();
            NDArray logits = model.logits(tokens.reshape(1, t), AttentionMask.full(1, t), null, false)
                    .reshape(expected.getShape());
            float diff = Fixtures.maxAbsDiff(logits, expected);
            assertTrue(diff < 1e-4, name + ": max |logit - reference| = " + diff);
        }
    }
}
