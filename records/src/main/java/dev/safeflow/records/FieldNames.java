package dev.safeflow.records;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The input field names of each record shape; users map their own names (ingest reads them from {@code ingest.fields.*}).
 * The defaults are the names Alpaca, OpenAI/TRL chat, ShareGPT and TRL prompt/completion data use.
 */
public record FieldNames(String id, String instruction, String input, String output, String system, String messages,
                         String role, String content, String conversations, String from, String value,
                         String prompt, String completion, String text) {

    /** Every field, keyed by its name, valued by the default input name (the same). */
    public static final Map<String, String> DEFAULTS = defaults();

    public static FieldNames standard() {
        return of(DEFAULTS);
    }

    /** Names keyed by their default; missing ones keep the default. */
    public static FieldNames of(Map<String, String> names) {
        Map<String, String> n = new LinkedHashMap<>(DEFAULTS);
        n.putAll(names);
        return new FieldNames(n.get("id"), n.get("instruction"), n.get("input"), n.get("output"), n.get("system"),
            n.get("messages"), n.get("role"), n.get("content"), n.get("conversations"), n.get("from"), n.get("value"),
            n.get("prompt"), n.get("completion"), n.get("text"));
    }

    private static Map<String, String> defaults() {
        Map<String, String> d = new LinkedHashMap<>();
        for (String f : new String[] {"id", "instruction", "input", "output", "system", "messages", "role", "content",
            "conversations", "from", "value", "prompt", "completion", "text"}) {
            d.put(f, f);
        }
        return Collections.unmodifiableMap(d);
    }
}
