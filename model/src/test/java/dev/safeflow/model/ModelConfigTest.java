package dev.safeflow.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelConfigTest {

    @Test
    void readsGqaHeadDimLlama3ScalingAndSeveralEosIds() {
        ModelConfig c = ModelConfig.load(Fixtures.model("llama3-tied-bf16"));
        assertEquals(4, c.numHeads());
        assertEquals(1, c.numKvHeads());
        assertEquals(4, c.groupSize());
        assertEquals(16, c.headDim());
        assertTrue(c.tieWordEmbeddings());
        assertFalse(c.attentionBias());
        assertEquals(List.of(2, 5), c.eosTokenIds());
        assertEquals("llama3", c.ropeScaling().type());
        assertEquals(16, c.ropeScaling().originalMaxPositions());
    }

    @Test
    void qwen2HasAttentionBiasAndMayLackBos() {
        ModelConfig c = ModelConfig.load(Fixtures.model("qwen2-f16"));
        assertTrue(c.attentionBias());
        assertNull(c.bosTokenId());
        assertEquals(0, c.slidingWindow());
    }

    @Test
    void llama3ScalingDividesLowFrequenciesKeepsHighOnesAndBlendsBetween() {
        RopeScaling s = new RopeScaling("llama3", 8, 1, 4, 8192);
        double high = 2 * Math.PI / 1000; // wavelength 1000 < 8192/4: kept
        double low = 2 * Math.PI / 10000; // wavelength 10000 > 8192: divided by 8
        double mid = 2 * Math.PI / 4096; // in between: smooth = (8192/4096 - 1) / 3 = 1/3
        double[] f = {high, low, mid};
        s.apply(f);
        assertEquals(high, f[0], 1e-15);
        assertEquals(low / 8, f[1], 1e-15);
        assertEquals((2.0 / 3) * mid / 8 + (1.0 / 3) * mid, f[2], 1e-15);
    }

    @Test
    void roundTripsThroughItsJson() {
        ModelConfig c = ModelConfig.load(Fixtures.model("llama3-tied-bf16"));
        assertEquals(c.withDtype("float32"), ModelConfig.fromJson(c.toJson(), "round trip"));
    }

    @Test
    void unsupportedActivationAndMissingKeysAreNamed() throws Exception {
        ObjectMapper json = new ObjectMapper();
        ModelException act = assertThrows(ModelException.class, () -> ModelConfig.fromJson(json.readTree(
                "{\"architectures\": [\"LlamaForCausalLM\"], \"hidden_act\": \"gelu\"}"), "config.json"));
        assertEquals("config.json: hidden_act 'gelu' is not supported; only silu is", act.getMessage());
        ModelException missing = assertThrows(ModelException.class, () -> ModelConfig.fromJson(json.readTree(
                "{\"architectures\": [\"LlamaForCausalLM\"]}"), "config.json"));
        assertEquals("config.json: missing required key 'hidden_size'", missing.getMessage());
        ModelException quantized = assertThrows(ModelException.class, () -> ModelConfig.fromJson(json.readTree(
                "{\"architectures\": [\"LlamaForCausalLM\"], \"quantization_config\": {\"quant_method\": \"awq\"}}"),
                "config.json"));
        assertTrue(quantized.getMessage().contains("quantization_config awq"), quantized.getMessage());
    }
}
