package dev.safeflow.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.safeflow.model.io.ModelLoader;
import dev.safeflow.model.io.ModelWriter;
import dev.safeflow.model.io.SafeTensors;
import dev.safeflow.model.io.SafeTensorsWriter;
import dev.safeflow.model.lora.LoraAdapter;
import dev.safeflow.model.lora.LoraConfig;
import dev.safeflow.model.nn.AttentionMask;
import dev.safeflow.model.nn.LlamaModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoraTest {

    private static NDManager root;
    private static LlamaModel model;

    @BeforeAll
    static void load() {
        root = Djl.newManager();
        model = ModelLoader.load(Fixtures.model("llama-gqa"), root);
    }

    @AfterAll
    static void close() {
        root.close();
    }

    private static NDArray logits(LlamaModel m, NDManager step) {
        NDArray tokens = Fixtures.golden("llama-gqa", "tokens", step);
        int t = (int) tokens.size();
        return m.logits(tokens.reshape(1, t), AttentionMask.full(1, t), null, false).reshape(t, -1);
    }

    @Test
    void freshAdapterLeavesLogitsUnchanged() {
        try (NDManager step = root.newSubManager()) {
            NDArray base = logits(model, step);
            try (LoraAdapter a = LoraAdapter.init(model, LoraConfig.defaults(), 7)) {
                assertEquals(0f, Fixtures.maxAbsDiff(base, logits(model, step)));
                assertEquals(8, a.parameters().size()); // q and v in 2 layers, A and B each
            }
        }
    }

    @Test
    void peftAdapterMatchesThePyTorchReference() {
        try (NDManager step = root.newSubManager();
                LoraAdapter a = LoraAdapter.load(Fixtures.model("llama-gqa-lora"), model)) {
            NDArray expected = Fixtures.golden("llama-gqa-lora", "logits", step);
            float diff = Fixtures.maxAbsDiff(logits(model, step), expected);
            assertTrue(diff < 1e-4, "max |logit - reference| = " + diff);
            assertEquals(2f, a.config().scale()); // alpha 8 / r 4
        }
    }

    @Test
    void savedAdapterLoadsBackWithTheSameLogitsAndPeftKeys(@TempDir Path dir) throws Exception {
        try (NDManager step = root.newSubManager()) {
            NDArray before;
            try (LoraAdapter a = LoraAdapter.load(Fixtures.model("llama-gqa-lora"), model)) {
                before = logits(model, step);
                a.save(dir, "llama-gqa");
                assertEquals(12, a.parameters().size());
            }
            try (LoraAdapter b = LoraAdapter.load(dir, model)) {
                assertEquals(4, b.config().r());
                assertEquals(0f, Fixtures.maxAbsDiff(before, logits(model, step)));
            }
            JsonNode cfg = new ObjectMapper().readTree(dir.resolve("adapter_config.json").toFile());
            assertEquals("LORA", cfg.get("peft_type").asText());
            assertEquals(4, cfg.get("r").asInt());
            try (SafeTensors st = SafeTensors.open(dir.resolve("adapter_model.safetensors"))) {
                assertTrue(st.names().contains("base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight"));
                assertEquals(12, st.names().size());
            }
        }
    }

    @Test
    void mergedModelSavedAsHfDirectoryGivesTheAdapterLogits(@TempDir Path dir) throws Exception {
        try (NDManager step = root.newSubManager();
                LlamaModel copy = ModelLoader.load(Fixtures.model("llama-gqa"), root)) {
            LoraAdapter.load(Fixtures.model("llama-gqa-lora"), copy).merge();
            ModelWriter.save(copy, dir);
            try (LlamaModel merged = ModelLoader.load(dir, root)) {
                NDArray expected = Fixtures.golden("llama-gqa-lora", "logits", step);
                float diff = Fixtures.maxAbsDiff(logits(merged, step), expected);
                assertTrue(diff < 1e-4, "max |logit - reference| = " + diff);
            }
        }
    }

    @Test
    void adapterWithMisShapedTensorIsRejectedNamingTheTensor(@TempDir Path dir) throws Exception {
        try (LoraAdapter a = LoraAdapter.init(model, new LoraConfig(4, 8, 0, List.of("q_proj"), false), 1)) {
            a.save(dir, "x");
        }
        String cfg = Files.readString(dir.resolve("adapter_config.json")).replace("\"r\" : 4", "\"r\" : 2");
        Files.writeString(dir.resolve("adapter_config.json"), cfg);
        ModelException e = assertThrows(ModelException.class, () -> LoraAdapter.load(dir, model));
        assertTrue(e.getMessage().contains("model.layers.0.self_attn.q_proj.lora_A.weight has shape (2, 32)")
                || e.getMessage().contains("lora_A.weight has shape (4, 32), expected (2, 32)"), e.getMessage());
    }

    @Test
    void adapterWithTensorsWeWouldIgnoreIsRejected(@TempDir Path dir) {
        try (NDManager m = root.newSubManager()) {
            try (LoraAdapter a = LoraAdapter.init(model, new LoraConfig(4, 8, 0, List.of("q_proj"), false), 1)) {
                a.save(dir, "x");
                Map<String, NDArray> tensors = new LinkedHashMap<>(a.namedParameters());
                tensors.put("base_model.model.lm_head.weight", m.zeros(new Shape(64, 32)));
                SafeTensorsWriter.write(dir.resolve("adapter_model.safetensors"), tensors);
            }
            ModelException e = assertThrows(ModelException.class, () -> LoraAdapter.load(dir, model));
            assertTrue(e.getMessage().contains("base_model.model.lm_head.weight"), e.getMessage());
        }
    }

    @Test
    void targetsMatchModuleNameSuffixesLikePeft() {
        LoraConfig c = new LoraConfig(4, 8, 0, List.of("self_attn.v_proj", "down_proj"), false);
        assertTrue(c.targets("model.layers.3.self_attn.v_proj"));
        assertTrue(c.targets("model.layers.0.mlp.down_proj"));
        assertFalse(c.targets("model.layers.0.self_attn.q_proj"));
        try (LoraAdapter a = LoraAdapter.init(model, c, 1)) {
            assertEquals(8, a.parameters().size());
        }
    }

    @Test
    void unknownTargetModuleIsOneClearError() {
        ModelException e = assertThrows(ModelException.class,
                () -> LoraAdapter.init(model, new LoraConfig(4, 8, 0, List.of("qkv"), false), 1));
        assertTrue(e.getMessage().contains("[qkv] match no projection"), e.getMessage());
    }

    @Test
    void loraGradientMatchesFiniteDifferenceAndBaseStaysFrozen() {
        try (NDManager step = root.newSubManager();
                LoraAdapter a = LoraAdapter.load(Fixtures.model("llama-gqa-lora"), model)) {
            a.setTrainable(true);
            NDArray tokens = Fixtures.golden("llama-gqa", "tokens", step).reshape(1, -1);
            int[][] pad = AttentionMask.full(1, (int) tokens.size());
            NDArray param = a.parameters().get(2); // layer 0 v_proj lora_A
            float analytic;
            try (var gc = Djl.engine().newGradientCollector()) {
                NDArray loss = model.tokenLogProbs(tokens, pad, false).sum().neg();
                gc.backward(loss);
                analytic = param.getGradient().getFloat(1, 3);
            }
            assertFalse(model.projections().get(0).weight().hasGradient(), "base weights must stay frozen");
            a.setTrainable(false);
            float h = 1e-2f;
            float orig = param.getFloat(1, 3);
            param.set(new ai.djl.ndarray.index.NDIndex(1, 3), orig + h);
            float up = model.tokenLogProbs(tokens, pad, false).sum().neg().getFloat();
            param.set(new ai.djl.ndarray.index.NDIndex(1, 3), orig - h);
            float down = model.tokenLogProbs(tokens, pad, false).sum().neg().getFloat();
            param.set(new ai.djl.ndarray.index.NDIndex(1, 3), orig);
            float numeric = (up - down) / (2 * h);
            assertEquals(numeric, analytic, 2e-2 * Math.max(1, Math.abs(numeric)),
                    "analytic " + analytic + " vs finite difference " + numeric);
        }
    }
}
