package dev.safeflow.auditor;

import dev.safeflow.avro.ChatMessage;
import dev.safeflow.avro.FineTuneRecord;
import java.util.ArrayList;
import java.util.List;

/**
 * Structural checks a record must pass before it is worth screening. Each failure is one reason
 * {@code invalid:<why>}; all failures are reported, so a person fixes the record in one go.
 */
public final class RecordValidator {
    private final int maxChars;

    public RecordValidator(int maxChars) {
        this.maxChars = maxChars;
    }

    public List<String> problems(FineTuneRecord record) {
        List<String> reasons = new ArrayList<>();
        if (!SourceIdentity.valid(record)) {
            // A look-alike or unreadable name is never cleared: it could be posing as another team's source.
            reasons.add(SourceIdentity.INVALID_REASON);
        }
        List<ChatMessage> messages = record.getMessages();
        if (messages.isEmpty()) {
            reasons.add(Reasons.INVALID + "no-messages");
            return reasons;
        }
        long chars = 0;
        boolean emptyTurn = false;
        boolean control = false;
        for (ChatMessage m : messages) {
            String text = m.getContent();
            chars += text.length();
            emptyTurn |= text.isBlank();
            control |= hasControlCharacter(text);
        }
        if (emptyTurn) {
            reasons.add(Reasons.INVALID + "empty-turn");
        }
        String order = roleOrderProblem(messages);
        if (order != null) {
            reasons.add(Reasons.INVALID + order);
        }
        if (chars > maxChars) {
            reasons.add(Reasons.INVALID + "too-long");
        }
        if (control) {
            reasons.add(Reasons.INVALID + "control-chars");
        }
        return reasons;
    }

    /**
     * Chat fine-tuning expects: an optional system turn first, then user and assistant alternating,
     * starting with user and ending with assistant (the training target). Anything else trains the
     * model on a conversation shape it will never see, or on no target at all.
     */
    static String roleOrderProblem(List<ChatMessage> messages) {
        int i = 0;
        if (messages.get(0).getRole().equals("system")) {
            i = 1;
        }
        if (i == messages.size()) {
            return "no-assistant-turn";
        }
        String expected = "user";
        for (; i < messages.size(); i++) {
            String role = messages.get(i).getRole();
            if (!role.equals("user") && !role.equals("assistant") && !role.equals("system")) {
                return "unknown-role";
            }
            if (!role.equals(expected)) {
                return "role-order";
            }
            expected = expected.equals("user") ? "assistant" : "user";
        }
        return expected.equals("user") ? null : "no-assistant-turn";
    }

    /** Control characters other than tab, newline and carriage return hide text from reviewers and tokenizers alike. */
    static boolean hasControlCharacter(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != '\n' && c != '\r' && c != '\t' && Character.getType(c) == Character.CONTROL) {
                return true;
            }
        }
        return false;
    }
}
