package dev.safeflow.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.safeflow.model.io.ModelLoader;
import dev.safeflow.model.io.SafeTensors;
import dev.safeflow.model.lora.LoraAdapter;
import dev.safeflow.model.lora.LoraConfig;
import dev.safeflow.model.nn.AttentionMask;
import dev.safeflow.model.nn.LlamaModel;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProbesTest {

    @Test
    void defaultLayersFollowTheReference() {
        assertArrayEquals(new int[] {3, 9}, Probes.defaultLayers(32));
        assertArrayEquals(new int[] {2, 8}, Probes.defaultLayers(28));
        assertArrayEquals(new int[] {0, 1}, Probes.defaultLayers(4));
        assertArrayEquals(new int[] {0}, Probes.defaultLayers(2));
    }

    @Test
    void zeroProbesLeaveLogitsUnchangedAndTrainWithoutLoraAndStayOutOfTheAdapter(@TempDir Path dir) {
        try (NDManager root = Djl.newManager(); LlamaModel model = ModelLoader.load(Fixtures.model("llama-gqa"), root);
                NDManager step = root.newSubManager()) {
            NDArray tokens = Fixtures.golden("llama-gqa", "tokens", step).reshape(1, -1);
            int[][] pad = AttentionMask.full(1, (int) tokens.size());
            NDArray base = model.logits(tokens, pad, null, false);
            try (LoraAdapter lora = LoraAdapter.init(model, LoraConfig.defaults(), 3);
                    Probes probes = Probes.attach(model, 0, 1)) {
                assertEquals(0f, Fixtures.maxAbsDiff(base, model.logits(tokens, pad, null, false)));
                probes.setTrainable(true);
                try (var gc = Djl.engine().newGradientCollector()) {
                    gc.backward(model.tokenLogProbs(tokens, pad, true).sum());
                }
                float g = probes.parameters().get(0).getGradient().abs().sum().getFloat();
                assertTrue(g > 0, "probe gradient is zero");
                assertTrue(!lora.parameters().get(0).hasGradient(), "LoRA was not made trainable");
                probes.setTrainable(false);
                probes.byLayer().get(1).addi(0.5f);
                assertTrue(Fixtures.maxAbsDiff(base, model.logits(tokens, pad, null, false)) > 1e-3);
                probes.save(dir.resolve("probe.safetensors"));
                lora.save(dir, "llama-gqa");
                try (SafeTensors st = SafeTensors.open(dir.resolve("adapter_model.safetensors"))) {
                    assertTrue(st.names().stream().noneMatch(n -> n.contains("probe")));
                }
                probes.zero();
                probes.load(dir.resolve("probe.safetensors"));
                assertEquals(0.5f, probes.byLayer().get(1).getFloat(0), 1e-6);
            }
            assertEquals(0f, Fixtures.maxAbsDiff(base, model.logits(tokens, pad, null, false)));
        }
    }
}
