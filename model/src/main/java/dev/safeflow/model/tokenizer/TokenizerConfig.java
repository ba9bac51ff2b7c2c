package dev.safeflow.model.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.safeflow.model.ModelException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a chat template sees of {@code tokenizer_config.json}: the template and the special tokens
 * transformers passes to it ({@code special_tokens_map}: unset ones are left out, so a template's
 * {@code bos_token} is undefined, not "None", for Qwen).
 *
 * @param chatTemplate the template source, or null when the model ships none
 * @param specialTokens bos_token, eos_token, ... as strings; additional_special_tokens as a list
 */
public record TokenizerConfig(String chatTemplate, Map<String, Object> specialTokens) {

    private static final List<String> SPECIAL = List.of("bos_token", "eos_token", "unk_token", "sep_token",
            "pad_token", "cls_token", "mask_token", "additional_special_tokens");

    public TokenizerConfig {
        specialTokens = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(specialTokens));
    }

    /** Reads {@code file}; a missing file is an empty configuration (no template, no special tokens). */
    public static TokenizerConfig read(Path file) {
        if (!Files.isRegularFile(file)) {
            return new TokenizerConfig(null, Map.of());
        }
        try {
            return of(new ObjectMapper().readTree(file.toFile()));
        } catch (IOException e) {
            throw new ModelException("cannot read " + file + ": " + e.getMessage()
                    + "; it must be the model's tokenizer_config.json (JSON)", e);
        }
    }

    static TokenizerConfig of(JsonNode config) {
        Map<String, Object> tokens = new LinkedHashMap<>();
        for (String key : SPECIAL) {
            JsonNode t = config.get(key);
            if (t == null || t.isNull()) {
                continue;
            }
            if (t.isArray()) {
                List<String> list = new ArrayList<>();
                t.forEach(x -> list.add(content(x)));
                tokens.put(key, list);
            } else {
                tokens.put(key, content(t));
            }
        }
        return new TokenizerConfig(chatTemplate(config.get("chat_template")), tokens);
    }

    /** A token is a string or an AddedToken object whose text is its "content". */
    private static String content(JsonNode t) {
        return t.isObject() ? t.path("content").asText() : t.asText();
    }

    /** A list of named templates keeps the one called "default", as transformers does. */
    private static String chatTemplate(JsonNode n) {
        if (n == null || n.isNull()) {
            return null;
        }
        if (n.isArray()) {
            for (JsonNode t : n) {
                if (t.path("name").asText().equals("default")) {
                    return t.path("template").asText();
                }
            }
            return null;
        }
        return n.asText();
    }

    /** A single special token's text (not additional_special_tokens), or null when unset. */
    public String token(String key) {
        return specialTokens.get(key) instanceof String s ? s : null;
    }
}
