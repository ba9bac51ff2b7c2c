package dev.safeflow.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The shape of a Llama-family decoder, read from a Hugging Face {@code config.json}.
 *
 * <p>Llama, Mistral and Qwen2 share one block structure; Qwen2 differs only by biases on the q/k/v
 * projections, which is why {@code attentionBias} is derived from the architecture.
 *
 * @param architecture one of {@link #SUPPORTED}
 * @param headDim per-head width; Mistral-style configs may set it independently of hidden/heads
 * @param ropeScaling null when positions are not rescaled
 * @param bosTokenId null when the model has none (Qwen2)
 * @param eosTokenIds every id that ends generation (Llama 3 lists several)
 * @param slidingWindow Mistral/Qwen2 local attention span, 0 when attention is global; safeflow
 *     attends globally, which equals the windowed model for sequences no longer than the window
 */
public record ModelConfig(
        String architecture,
        int vocabSize,
        int hiddenSize,
        int intermediateSize,
        int numLayers,
        int numHeads,
        int numKvHeads,
        int headDim,
        double rmsNormEps,
        double ropeTheta,
        RopeScaling ropeScaling,
        int maxPositionEmbeddings,
        boolean tieWordEmbeddings,
        boolean attentionBias,
        Integer bosTokenId,
        List<Integer> eosTokenIds,
        int slidingWindow,
        String torchDtype) {

    public static final Set<String> SUPPORTED =
            Set.of("LlamaForCausalLM", "MistralForCausalLM", "Qwen2ForCausalLM");
    private static final ObjectMapper JSON = new ObjectMapper();

    public ModelConfig {
        eosTokenIds = List.copyOf(eosTokenIds);
        if (numHeads % numKvHeads != 0) {
            throw new IllegalArgumentException("num_attention_heads " + numHeads
                    + " is not a multiple of num_key_value_heads " + numKvHeads);
        }
    }

    /** The same config with another {@code torch_dtype} label (exports are always F32). */
    public ModelConfig withDtype(String dtype) {
        return new ModelConfig(architecture, vocabSize, hiddenSize, intermediateSize, numLayers, numHeads, numKvHeads,
                headDim, rmsNormEps, ropeTheta, ropeScaling, maxPositionEmbeddings, tieWordEmbeddings, attentionBias,
                bosTokenId, eosTokenIds, slidingWindow, dtype);
    }

    /** Heads of queries that share one key/value head (grouped-query attention). */
    public int groupSize() {
        return numHeads / numKvHeads;
    }

    /** Reads {@code dir/config.json}. */
    public static ModelConfig load(Path dir) {
        Path file = dir.resolve("config.json");
        if (!Files.isRegularFile(file)) {
            throw new ModelException("no config.json in " + dir + "; pass a Hugging Face model directory");
        }
        try {
            return fromJson(JSON.readTree(file.toFile()), file.toString());
        } catch (IOException e) {
            throw new ModelException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Parses a config; {@code source} names the file in error messages. */
    public static ModelConfig fromJson(JsonNode c, String source) {
        String arch = c.path("architectures").path(0).asText("");
        if (!SUPPORTED.contains(arch)) {
            throw new ModelException(source + ": architecture '" + arch + "' is not supported; expected one of "
                    + SUPPORTED);
        }
        if (c.hasNonNull("quantization_config")) {
            throw new ModelException(source + ": quantized checkpoints (quantization_config "
                    + c.get("quantization_config").path("quant_method").asText("?") + ") are not supported;"
                    + " use the unquantized F32/F16/BF16 weights");
        }
        String act = c.path("hidden_act").asText("silu");
        if (!act.equals("silu")) {
            throw new ModelException(source + ": hidden_act '" + act + "' is not supported; only silu is");
        }
        int hidden = required(c, "hidden_size", source);
        int heads = required(c, "num_attention_heads", source);
        int headDim = c.hasNonNull("head_dim") ? c.get("head_dim").asInt() : hidden / heads;
        return new ModelConfig(
                arch,
                required(c, "vocab_size", source),
                hidden,
                required(c, "intermediate_size", source),
                required(c, "num_hidden_layers", source),
                heads,
                c.hasNonNull("num_key_value_heads") ? c.get("num_key_value_heads").asInt() : heads,
                headDim,
                c.path("rms_norm_eps").asDouble(1e-6),
                c.path("rope_theta").asDouble(10000.0),
                RopeScaling.fromJson(c.get("rope_scaling"), source),
                c.path("max_position_embeddings").asInt(2048),
                c.path("tie_word_embeddings").asBoolean(false),
                arch.equals("Qwen2ForCausalLM") || c.path("attention_bias").asBoolean(false),
                c.hasNonNull("bos_token_id") ? c.get("bos_token_id").asInt() : null,
                ids(c.get("eos_token_id")),
                slidingWindow(c, arch),
                c.path("torch_dtype").asText("float32"));
    }

    /** The config as {@code config.json} content, for exported (merged) models. */
    public ObjectNode toJson() {
        ObjectNode c = JSON.createObjectNode();
        c.putArray("architectures").add(architecture);
        c.put("model_type", switch (architecture) {
            case "MistralForCausalLM" -> "mistral";
            case "Qwen2ForCausalLM" -> "qwen2";
            default -> "llama";
        });
        c.put("vocab_size", vocabSize).put("hidden_size", hiddenSize).put("intermediate_size", intermediateSize);
        c.put("num_hidden_layers", numLayers).put("num_attention_heads", numHeads);
        c.put("num_key_value_heads", numKvHeads).put("head_dim", headDim).put("hidden_act", "silu");
        c.put("rms_norm_eps", rmsNormEps).put("rope_theta", ropeTheta);
        c.set("rope_scaling", ropeScaling == null ? null : ropeScaling.toJson());
        c.put("max_position_embeddings", maxPositionEmbeddings).put("tie_word_embeddings", tieWordEmbeddings);
        if (attentionBias && !architecture.equals("Qwen2ForCausalLM")) {
            c.put("attention_bias", true);
        }
        if (bosTokenId != null) {
            c.put("bos_token_id", bosTokenId);
        }
        ArrayNode eos = c.putArray("eos_token_id");
        eosTokenIds.forEach(eos::add);
        if (slidingWindow > 0) {
            c.put("sliding_window", slidingWindow);
            if (architecture.equals("Qwen2ForCausalLM")) {
                c.put("use_sliding_window", true);
            }
        }
        c.put("torch_dtype", "float32");
        return c;
    }

    private static int slidingWindow(JsonNode c, String arch) {
        boolean used = arch.equals("Qwen2ForCausalLM") ? c.path("use_sliding_window").asBoolean(false)
                : c.hasNonNull("sliding_window");
        return used ? c.path("sliding_window").asInt(0) : 0;
    }

    private static int required(JsonNode c, String key, String source) {
        if (!c.hasNonNull(key)) {
            throw new ModelException(source + ": missing required key '" + key + "'");
        }
        return c.get(key).asInt();
    }

    private static List<Integer> ids(JsonNode n) {
        List<Integer> out = new ArrayList<>();
        if (n != null && n.isArray()) {
            n.forEach(x -> out.add(x.asInt()));
        } else if (n != null && n.isNumber()) {
            out.add(n.asInt());
        }
        return out;
    }
}
