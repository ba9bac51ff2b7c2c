package dev.safeflow.records;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.safeflow.avro.ChatMessage;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/**
 * Turns one JSON object of a known shape into chat turns. The last assistant turn is the training
 * target; {@code text} records become a single assistant turn (no prompt: the whole text is trained on).
 */
final class RecordShapeMapper {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The shape that was used and its turns. */
    record Mapped(RecordShape format, List<ChatMessage> messages) {
    }

    /** Why a record could not be mapped; becomes a rejection. */
    static final class ShapeException extends Exception {
        private static final long serialVersionUID = 1L;
        final RejectReason reason;

        ShapeException(RejectReason reason, String message) {
            super(message, null, false, false);
            this.reason = reason;
        }
    }

    private final FieldNames f;

    RecordShapeMapper(FieldNames fields) {
        this.f = fields;
    }

    /** Picks the shape by the fields present, in the order of the most specific: chat, ShareGPT, Alpaca, prompt/completion, text. */
    RecordShape detect(JsonNode o) throws ShapeException {
        if (o.has(f.messages())) {
            return RecordShape.MESSAGES;
        }
        if (o.has(f.conversations())) {
            return RecordShape.SHAREGPT;
        }
        if (o.has(f.instruction()) && o.has(f.output())) {
            return RecordShape.ALPACA;
        }
        if (o.has(f.prompt()) && o.has(f.completion())) {
            return RecordShape.PROMPT_COMPLETION;
        }
        if (o.has(f.text())) {
            return RecordShape.TEXT;
        }
        List<String> names = new ArrayList<>();
        o.fieldNames().forEachRemaining(names::add);
        throw new ShapeException(RejectReason.UNKNOWN_SHAPE, "no known shape: expected " + f.messages() + ", "
            + f.conversations() + ", " + f.instruction() + "+" + f.output() + ", " + f.prompt() + "+" + f.completion()
            + " or " + f.text() + "; found fields " + names);
    }

    Mapped map(JsonNode o, RecordShape requested) throws ShapeException {
        RecordShape format = requested == RecordShape.AUTO ? detect(o) : requested;
        List<ChatMessage> turns = switch (format) {
            case ALPACA -> alpaca(o);
            case MESSAGES -> chat(require(o, f.messages(), format), f.role(), f.content(), format);
            case SHAREGPT -> chat(require(o, f.conversations(), format), f.from(), f.value(), format);
            case PROMPT_COMPLETION -> promptCompletion(o);
            case TEXT -> List.of(turn("assistant", text(require(o, f.text(), format), f.text())));
            case AUTO -> throw new IllegalStateException("detect never answers auto");
        };
        checkContent(turns);
        return new Mapped(format, turns);
    }

    private List<ChatMessage> alpaca(JsonNode o) throws ShapeException {
        List<ChatMessage> turns = new ArrayList<>();
        if (o.hasNonNull(f.system()) && !text(o.get(f.system()), f.system()).isBlank()) {
            turns.add(turn("system", text(o.get(f.system()), f.system())));
        }
        String instruction = text(require(o, f.instruction(), RecordShape.ALPACA), f.instruction());
        String input = o.hasNonNull(f.input()) ? text(o.get(f.input()), f.input()) : "";
        // Alpaca's own prompt puts the input after the instruction; a blank line keeps them apart.
        turns.add(turn("user", input.isBlank() ? instruction : instruction + "\n\n" + input));
        turns.add(turn("assistant", text(require(o, f.output(), RecordShape.ALPACA), f.output())));
        return turns;
    }

    /** TRL prompt/completion: plain (two strings) or conversational (two lists of turns). */
    private List<ChatMessage> promptCompletion(JsonNode o) throws ShapeException {
        JsonNode prompt = require(o, f.prompt(), RecordShape.PROMPT_COMPLETION);
        JsonNode completion = require(o, f.completion(), RecordShape.PROMPT_COMPLETION);
        List<ChatMessage> turns = new ArrayList<>();
        if (prompt.isArray()) {
            turns.addAll(chat(prompt, f.role(), f.content(), RecordShape.PROMPT_COMPLETION));
        } else {
            turns.add(turn("user", text(prompt, f.prompt())));
        }
        if (completion.isArray()) {
            turns.addAll(chat(completion, f.role(), f.content(), RecordShape.PROMPT_COMPLETION));
        } else {
            turns.add(turn("assistant", text(completion, f.completion())));
        }
        return turns;
    }

    private List<ChatMessage> chat(JsonNode list, String roleField, String contentField, RecordShape format) throws ShapeException {
        if (list.isTextual() && list.asText().trim().startsWith("[")) {
            list = parseEmbedded(list.asText()); // CSV cells can only hold the list as JSON text
        }
        if (!list.isArray()) {
            throw new ShapeException(RejectReason.UNKNOWN_SHAPE, format + " needs a list of turns, got " + kind(list));
        }
        List<ChatMessage> turns = new ArrayList<>();
        int i = 0;
        for (JsonNode t : list) {
            if (!t.isObject() || !t.has(roleField) || !t.has(contentField)) {
                throw new ShapeException(RejectReason.UNKNOWN_SHAPE, format + " turn " + i + " needs fields "
                    + roleField + " and " + contentField);
            }
            turns.add(turn(role(t.get(roleField).asText()), content(t.get(contentField), contentField)));
            i++;
        }
        return turns;
    }

    /** OpenAI lets content be a list of parts; the text parts are kept, in order. */
    private static String content(JsonNode c, String field) throws ShapeException {
        if (c.isArray()) {
            StringBuilder out = new StringBuilder();
            for (Iterator<JsonNode> it = c.elements(); it.hasNext(); ) {
                JsonNode part = it.next();
                String piece = part.isTextual() ? part.asText() : part.path("text").isTextual() ? part.get("text").asText() : null;
                if (piece != null) {
                    out.append(out.length() == 0 ? "" : "\n").append(piece);
                }
            }
            return out.toString();
        }
        return c.isNull() ? "" : text(c, field);
    }

    /** ShareGPT speaks of human and gpt; everything is stored with the OpenAI/TRL role names. */
    private static String role(String from) {
        String r = from.trim().toLowerCase(Locale.ROOT);
        return switch (r) {
            case "human", "user" -> "user";
            case "gpt", "assistant", "chatgpt", "bard", "bing", "model" -> "assistant";
            default -> r;
        };
    }

    private static void checkContent(List<ChatMessage> turns) throws ShapeException {
        ChatMessage target = null;
        for (ChatMessage t : turns) {
            if (t.getRole().equals("assistant")) {
                target = t;
            }
        }
        if (target == null) {
            throw new ShapeException(RejectReason.EMPTY_CONTENT, "no assistant turn: nothing to train on");
        }
        if (target.getContent().isBlank()) {
            throw new ShapeException(RejectReason.EMPTY_CONTENT, "the last assistant turn (the training target) is empty");
        }
    }

    private static JsonNode require(JsonNode o, String field, RecordShape format) throws ShapeException {
        JsonNode v = o.get(field);
        if (v == null || v.isNull()) {
            throw new ShapeException(RejectReason.UNKNOWN_SHAPE, format + " needs field '" + field + "'");
        }
        return v;
    }

    private static String text(JsonNode v, String field) throws ShapeException {
        if (v.isTextual() || v.isNumber() || v.isBoolean()) {
            return v.asText();
        }
        throw new ShapeException(RejectReason.UNKNOWN_SHAPE, "field '" + field + "' must be text, got " + kind(v));
    }

    private static JsonNode parseEmbedded(String text) throws ShapeException {
        try {
            return JSON.readTree(text);
        } catch (java.io.IOException e) {
            throw new ShapeException(RejectReason.MALFORMED_JSON, "the list of turns is not valid JSON");
        }
    }

    private static String kind(JsonNode v) {
        return v.getNodeType().name().toLowerCase(Locale.ROOT);
    }

    private static ChatMessage turn(String role, String content) {
        return new ChatMessage(role, content);
    }
}
