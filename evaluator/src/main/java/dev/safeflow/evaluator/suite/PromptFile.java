package dev.safeflow.evaluator.suite;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads evaluation prompts: JSONL with a prompt field ({@code prompt}, {@code instruction} or
 * {@code input}), an optional answer ({@code answer}, {@code label}, {@code response} or {@code output})
 * and an optional {@code category}; or JSONL conversations ({@code messages}: the first user turn is
 * the prompt, the first assistant turn the answer), as the testbed writes its task splits; or a
 * {@code .txt} file with one prompt per line.
 */
public final class PromptFile {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> PROMPT_FIELDS = List.of("prompt", "instruction", "input");
    private static final List<String> ANSWER_FIELDS = List.of("answer", "label", "response", "output");

    private PromptFile() {
    }

    /** The first {@code limit} prompts of {@code file} (all when limit is 0). */
    public static List<LabelledPrompt> read(Path file, int limit) {
        if (file == null || !Files.isRegularFile(file)) {
            throw new IllegalArgumentException("prompt file '" + file + "' does not exist; point the suite's prompts"
                + " setting at a JSONL file with a \"prompt\" field per line");
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read prompt file " + file + ": " + e.getMessage(), e);
        }
        boolean text = file.getFileName().toString().endsWith(".txt");
        List<LabelledPrompt> out = new ArrayList<>();
        for (int i = 0; i < lines.size() && (limit == 0 || out.size() < limit); i++) {
            String line = lines.get(i).strip();
            if (!line.isEmpty()) {
                out.add(text ? new LabelledPrompt(line, null, null) : parse(file, i + 1, line));
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("prompt file " + file + " holds no prompts; add one JSON object per line");
        }
        return out;
    }

    private static LabelledPrompt parse(Path file, int lineNo, String line) {
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (IOException e) {
            throw new IllegalArgumentException(file + " line " + lineNo + " is not JSON; write one JSON object per line");
        }
        String prompt = first(node, PROMPT_FIELDS);
        String answer = first(node, ANSWER_FIELDS);
        if (prompt == null && node.path("messages").isArray()) {
            prompt = turn(node.get("messages"), "user");
            answer = turn(node.get("messages"), "assistant");
        }
        if (prompt == null) {
            throw new IllegalArgumentException(file + " line " + lineNo
                + " has no prompt; give it a \"prompt\" field or \"messages\" with a user turn");
        }
        JsonNode category = node.get("category");
        return new LabelledPrompt(prompt, answer,
            category == null || category.isNull() ? null : category.asText());
    }

    private static String turn(JsonNode messages, String role) {
        for (JsonNode m : messages) {
            if (role.equals(m.path("role").asText())) {
                return m.path("content").asText();
            }
        }
        return null;
    }

    private static String first(JsonNode node, List<String> fields) {
        for (String f : fields) {
            JsonNode v = node.get(f);
            if (v != null && v.isValueNode()) {
                return v.asText();
            }
        }
        return null;
    }
}
