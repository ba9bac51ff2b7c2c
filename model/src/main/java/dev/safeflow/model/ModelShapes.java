package dev.safeflow.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The published {@code config.json} shapes of real checkpoints, for benchmarks at a real shape and for
 * tests that need a real vocabulary on a tiny body ({@link #tiny}). Values are those of the Hugging Face
 * repositories named in {@link #NAMES}' values.
 */
public final class ModelShapes {

    /** Shape name to the repository whose config.json it copies. */
    public static final Map<String, String> NAMES = Map.of(
            "smollm2-135m", "HuggingFaceTB/SmolLM2-135M-Instruct",
            "qwen2.5-0.5b", "Qwen/Qwen2.5-0.5B-Instruct",
            "llama-3.2-1b", "meta-llama/Llama-3.2-1B-Instruct");

    private static final ObjectMapper JSON = new ObjectMapper();

    private ModelShapes() {
    }

    /** The published shape called {@code name}; an unknown name is a user error listing the known ones. */
    public static ModelConfig published(String name) {
        return ModelConfig.fromJson(json(name), name);
    }

    /**
     * The same architecture, vocabulary, special ids and rope settings with a tiny body (hidden 16,
     * 2 layers, 2 heads sharing 1 key/value head, MLP 32): real tokenizers on a model that trains in milliseconds.
     */
    public static ModelConfig tiny(String name) {
        ObjectNode c = json(name);
        c.put("hidden_size", 16).put("intermediate_size", 32).put("num_hidden_layers", 2);
        c.put("num_attention_heads", 2).put("num_key_value_heads", 1).put("head_dim", 8);
        return ModelConfig.fromJson(c, name + " (tiny)");
    }

    private static ObjectNode json(String name) {
        ObjectNode c = JSON.createObjectNode();
        c.put("hidden_act", "silu").put("tie_word_embeddings", true).put("torch_dtype", "bfloat16");
        switch (name) {
            case "smollm2-135m" -> {
                c.putArray("architectures").add("LlamaForCausalLM");
                c.put("vocab_size", 49152).put("hidden_size", 576).put("intermediate_size", 1536);
                c.put("num_hidden_layers", 30).put("num_attention_heads", 9).put("num_key_value_heads", 3);
                c.put("rms_norm_eps", 1e-5).put("rope_theta", 100000.0).put("max_position_embeddings", 8192);
                c.put("bos_token_id", 1).put("eos_token_id", 2);
            }
            case "qwen2.5-0.5b" -> {
                c.putArray("architectures").add("Qwen2ForCausalLM");
                c.put("vocab_size", 151936).put("hidden_size", 896).put("intermediate_size", 4864);
                c.put("num_hidden_layers", 24).put("num_attention_heads", 14).put("num_key_value_heads", 2);
                c.put("rms_norm_eps", 1e-6).put("rope_theta", 1000000.0).put("max_position_embeddings", 32768);
                c.put("bos_token_id", 151643).put("eos_token_id", 151645);
            }
            case "llama-3.2-1b" -> {
                c.putArray("architectures").add("LlamaForCausalLM");
                c.put("vocab_size", 128256).put("hidden_size", 2048).put("intermediate_size", 8192);
                c.put("num_hidden_layers", 16).put("num_attention_heads", 32).put("num_key_value_heads", 8);
                c.put("head_dim", 64).put("rms_norm_eps", 1e-5).put("rope_theta", 500000.0);
                c.put("max_position_embeddings", 131072).put("bos_token_id", 128000);
                c.set("eos_token_id", JSON.valueToTree(List.of(128001, 128008, 128009)));
                c.set("rope_scaling", JSON.valueToTree(Map.of("rope_type", "llama3", "factor", 32.0,
                        "low_freq_factor", 1.0, "high_freq_factor", 4.0, "original_max_position_embeddings", 8192)));
            }
            default -> throw new ModelException("unknown shape '" + name + "'; known: "
                    + String.join(", ", new TreeMap<>(NAMES).keySet()));
        }
        return c;
    }
}
