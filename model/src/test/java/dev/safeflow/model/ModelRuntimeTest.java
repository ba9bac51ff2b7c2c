package dev.safeflow.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.safeflow.model.generate.GenerationConfig;
import dev.safeflow.model.io.SafeTensors;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The entry points behind the CLI commands generate, model forward and model info. */
class ModelRuntimeTest {

    @Test
    void forwardWritesReferenceLogitsAsOneF32Tensor(@TempDir Path dir) {
        Path out = dir.resolve("logits.safetensors");
        try (ModelRuntime rt = ModelRuntime.open(Fixtures.model("llama-gqa"), Fixtures.model("llama-gqa-lora"));
                NDManager m = Djl.newManager()) {
            int[] tokens = ModelRuntime.parseTokens("1, 9,17,33,4,60,12,7,7,41,2,25");
            rt.writeLogits(tokens, out);
            try (SafeTensors st = SafeTensors.open(out)) {
                assertEquals(List.of("logits"), List.copyOf(st.names()));
                assertEquals("F32", st.entry("logits").dtype());
                assertArrayEquals(new long[] {12, 64}, st.entry("logits").shape());
                NDArray expected = Fixtures.golden("llama-gqa-lora", "logits", m);
                assertTrue(Fixtures.maxAbsDiff(st.read("logits", m), expected) < 1e-4);
            }
        }
    }

    @Test
    void badTokenIdsAreNamed() {
        ModelException e = assertThrows(ModelException.class, () -> ModelRuntime.parseTokens("1,x"));
        assertTrue(e.getMessage().contains("'x'"));
        try (ModelRuntime rt = ModelRuntime.open(Fixtures.model("llama-gqa"), null)) {
            ModelException big = assertThrows(ModelException.class, () -> rt.logits(new int[] {1, 64}));
            assertTrue(big.getMessage().contains("token id 64 is outside the vocabulary [0, 64)"));
        }
    }

    @Test
    void generateDecodesGreedyTextAndIsSeededWhenSampling() {
        try (ModelRuntime rt = ModelRuntime.open(Fixtures.model("llama-gqa"), null)) {
            String greedy = rt.generate("hello world", true, GenerationConfig.greedy(6, List.of()));
            assertEquals(greedy, rt.generate("hello world", true, GenerationConfig.greedy(6, List.of())));
            GenerationConfig sampled = new GenerationConfig(6, 1.0f, 0.9f, 5, List.of());
            assertEquals(rt.generate("the cat", false, sampled), rt.generate("the cat", false, sampled));
            assertFalse(greedy.contains("</s>"));
        }
    }

    @Test
    void batchedGenerateEqualsOneByOne() {
        try (ModelRuntime rt = ModelRuntime.open(Fixtures.model("llama-gqa"), Fixtures.model("llama-gqa-lora"))) {
            GenerationConfig cfg = GenerationConfig.greedy(5, List.of());
            List<String> prompts = List.of("hello world how are you", "the cat");
            assertEquals(List.of(rt.generate(prompts.get(0), true, cfg), rt.generate(prompts.get(1), true, cfg)),
                    rt.generate(prompts, true, cfg));
        }
    }

    @Test
    void mergeAndSaveWritesAModelThatForwardsLikeTheAdapter(@TempDir Path dir) {
        int[] tokens = {1, 9, 17, 33, 4, 60, 12, 7, 7, 41, 2, 25};
        float[][] withAdapter;
        try (ModelRuntime rt = ModelRuntime.open(Fixtures.model("llama-gqa"), Fixtures.model("llama-gqa-lora"))) {
            withAdapter = rt.logits(tokens);
            rt.mergeAndSave(dir);
        }
        assertTrue(Files.isRegularFile(dir.resolve("tokenizer_config.json")));
        try (ModelRuntime merged = ModelRuntime.open(dir, null)) {
            float[][] m = merged.logits(tokens);
            for (int t = 0; t < tokens.length; t++) {
                assertArrayEquals(withAdapter[t], m[t], 1e-4f);
            }
            assertTrue(ModelInfo.describe(dir).chatTemplate());
        }
    }

    @Test
    void infoReadsHeadersOnly() {
        ModelInfo info = ModelInfo.describe(Fixtures.model("llama3-tied-bf16"));
        assertEquals("LlamaForCausalLM", info.architecture());
        assertEquals("BF16", info.dtype());
        assertEquals(128, info.contextLength());
        assertFalse(info.chatTemplate());
        assertTrue(info.tiedEmbeddings());
        // embed 64x32, per layer: q 64x32, k,v 16x32, o 32x64, mlp 3x64x32, norms 2x32; final norm 32
        long perLayer = 64 * 32 + 2 * 16 * 32 + 32 * 64 + 3 * 64 * 32 + 2 * 32;
        assertEquals(64 * 32 + 2 * perLayer + 32, info.parameters());
        assertTrue(ModelInfo.describe(Fixtures.model("llama-gqa")).chatTemplate());
        assertTrue(info.toText().contains("BF16"));
    }

    @Test
    void unsupportedArchitectureIsOneClearError(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("config.json"), "{\"architectures\": [\"GPT2LMHeadModel\"]}");
        ModelException e = assertThrows(ModelException.class, () -> ModelConfig.load(dir));
        assertTrue(e.getMessage().contains("architecture 'GPT2LMHeadModel' is not supported"), e.getMessage());
        Files.writeString(dir.resolve("config.json"), Files.readString(Fixtures.model("mistral-linear")
                .resolve("config.json")).replace("\"linear\"", "\"yarn\""));
        e = assertThrows(ModelException.class, () -> ModelConfig.load(dir));
        assertTrue(e.getMessage().contains("rope_scaling type 'yarn' is not supported"), e.getMessage());
    }

    @Test
    void misShapedWeightIsNamedWithTheExpectedShape(@TempDir Path dir) throws Exception {
        Path src = Fixtures.model("llama-gqa");
        Files.copy(src.resolve("model.safetensors"), dir.resolve("model.safetensors"));
        Files.writeString(dir.resolve("config.json"),
                Files.readString(src.resolve("config.json")).replace("\"intermediate_size\": 64", "\"intermediate_size\": 48"));
        ModelException e = assertThrows(ModelException.class, () -> ModelRuntime.open(dir, null));
        assertTrue(e.getMessage().contains("tensor model.layers.0.mlp.gate_proj.weight")
                && e.getMessage().contains("has shape (64, 32), expected (48, 32)"), e.getMessage());
    }
}
