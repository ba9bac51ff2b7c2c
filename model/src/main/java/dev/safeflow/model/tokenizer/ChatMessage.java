package dev.safeflow.model.tokenizer;

import java.util.Map;

/** One turn of a conversation; {@code role} is system, user or assistant. */
public record ChatMessage(String role, String content) {

    public static ChatMessage user(String content) {
        return new ChatMessage("user", content);
    }

    /** The message as a chat template sees it. */
    public Map<String, Object> asMap() {
        return Map.of("role", role, "content", content);
    }
}
