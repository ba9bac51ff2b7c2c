package dev.safeflow.model.lora;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.safeflow.model.ModelException;
import java.util.ArrayList;
import java.util.List;

/**
 * LoRA hyper-parameters, stored as PEFT's {@code adapter_config.json}.
 *
 * @param r rank of the update
 * @param alpha scale numerator: the update is {@code (alpha / r) · B A} ({@code alpha / sqrt(r)} with rsLoRA)
 * @param dropout applied to the LoRA input in training only
 * @param targetModules module names or suffixes ({@code q_proj}, {@code self_attn.v_proj}), matched like
 *     PEFT: a module is a target if its full name equals an entry or ends with "." + entry
 */
public record LoraConfig(int r, float alpha, float dropout, List<String> targetModules, boolean useRslora) {

    /** DESIGN.md's reference values: r = 8, alpha = 8, dropout 0.1 on q_proj and v_proj. */
    public static LoraConfig defaults() {
        return new LoraConfig(8, 8f, 0.1f, List.of("q_proj", "v_proj"), false);
    }

    public LoraConfig {
        targetModules = List.copyOf(targetModules);
        if (r <= 0) {
            throw new IllegalArgumentException("LoRA rank r must be positive, got " + r);
        }
        if (dropout < 0 || dropout >= 1) {
            throw new IllegalArgumentException("LoRA dropout must be in [0, 1), got " + dropout);
        }
    }

    public float scale() {
        return (float) (useRslora ? alpha / Math.sqrt(r) : alpha / r);
    }

    /** Whether the module {@code model.layers.0.self_attn.q_proj} is a target. */
    public boolean targets(String moduleName) {
        return targetModules.stream().anyMatch(t -> moduleName.equals(t) || moduleName.endsWith("." + t));
    }

    ObjectNode toJson(String baseModel) {
        ObjectNode c = new ObjectMapper().createObjectNode();
        c.put("peft_type", "LORA").put("task_type", "CAUSAL_LM").put("base_model_name_or_path", baseModel);
        c.put("r", r).put("lora_dropout", dropout);
        if (alpha == Math.rint(alpha)) {
            c.put("lora_alpha", (int) alpha); // PEFT writes an int
        } else {
            c.put("lora_alpha", alpha);
        }
        var t = c.putArray("target_modules");
        targetModules.forEach(t::add);
        c.put("bias", "none").put("fan_in_fan_out", false).put("inference_mode", true);
        // Only keys PEFT has had since 0.6, so older PEFT versions load the file too.
        c.put("init_lora_weights", true).put("use_rslora", useRslora);
        c.putNull("modules_to_save");
        c.putNull("layers_to_transform");
        c.putNull("revision");
        c.putObject("rank_pattern");
        c.putObject("alpha_pattern");
        return c;
    }

    /** Reads PEFT's adapter_config.json, refusing the options safeflow does not implement. */
    static LoraConfig fromJson(JsonNode c, String source) {
        String type = c.path("peft_type").asText("");
        if (!type.equals("LORA")) {
            throw new ModelException(source + ": peft_type '" + type + "' is not supported; only LORA is");
        }
        refuseIf(c.path("fan_in_fan_out").asBoolean(false), source, "fan_in_fan_out true");
        refuseIf(c.path("use_dora").asBoolean(false), source, "use_dora true");
        refuseIf(!c.path("bias").asText("none").equals("none"), source, "bias " + c.path("bias").asText());
        refuseIf(c.hasNonNull("layers_to_transform"), source, "layers_to_transform");
        refuseIf(c.path("rank_pattern").size() > 0 || c.path("alpha_pattern").size() > 0, source,
                "rank_pattern/alpha_pattern");
        JsonNode t = c.path("target_modules");
        if (!t.isArray()) {
            throw new ModelException(source + ": target_modules must be a list of module names, got " + t);
        }
        List<String> targets = new ArrayList<>();
        t.forEach(x -> targets.add(x.asText()));
        return new LoraConfig(c.path("r").asInt(8), (float) c.path("lora_alpha").asDouble(8),
                (float) c.path("lora_dropout").asDouble(0), targets, c.path("use_rslora").asBoolean(false));
    }

    private static void refuseIf(boolean unsupported, String source, String what) {
        if (unsupported) {
            throw new ModelException(source + ": " + what + " is not supported by safeflow's LoRA");
        }
    }
}
