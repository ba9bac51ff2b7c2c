package dev.safeflow.records.mapping;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.safeflow.avro.ChatMessage;
import dev.safeflow.avro.FineTuneRecord;
import dev.safeflow.records.RecordParser;
import dev.safeflow.records.RecordShape;
import dev.safeflow.records.RejectReason;
import dev.safeflow.records.Utf8;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.generic.GenericRecord;

/**
 * A mapping file compiled once: where a bridged record's id, dataset, system prompt, prompt and response (or its
 * whole conversation) come from. The same mapping serves the topic bridge and the Kafka Connect transform.
 *
 * <pre>
 * id: /ticket/id                          # JSON Pointer, or a field path: ticket.id
 * dataset: {literal: support}
 * system: {default: [/ticket/system, {literal: "You are a support agent."}]}
 * prompt: {template: "Subject: {/ticket/subject}\n\n{/ticket/body}"}
 * response: {join: [/replies], separator: "\n\n"}
 * # or, instead of prompt/response:  messages: {path: /turns, role: speaker, content: text, roles: {agent: assistant}}
 * metadata: {product: /ticket/product}
 * </pre>
 *
 * Thread-safe: a compiled mapping holds no state between records.
 */
public final class RecordMapping {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final List<String> KEYS = List.of("id", "dataset", "system", "prompt", "response", "messages", "metadata");

    private final String name;
    private final Expr id;
    private final Expr dataset;
    private final Expr system;
    private final Expr prompt;
    private final Expr response;
    private final MessagesSpec messages;
    private final Map<String, Expr> metadata;

    private RecordMapping(String name, Expr id, Expr dataset, Expr system, Expr prompt, Expr response,
                          MessagesSpec messages, Map<String, Expr> metadata) {
        this.name = name;
        this.id = id;
        this.dataset = dataset;
        this.system = system;
        this.prompt = prompt;
        this.response = response;
        this.messages = messages;
        this.metadata = metadata;
    }

    /** Reads and compiles a mapping file; every problem is a {@link MappingException} naming the file and the key. */
    public static RecordMapping load(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new MappingException("cannot read mapping file " + file + " (" + e.getMessage() + "): check the path given to --map");
        }
        return parse(text, file.toString());
    }

    /** Compiles mapping text; {@code name} is what messages call it (the file name). */
    public static RecordMapping parse(String yaml, String name) {
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (IOException e) {
            throw new MappingException("mapping " + name + " is not valid YAML: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (root == null || !root.isObject()) {
            throw new MappingException("mapping " + name + " must be a YAML map with keys " + KEYS);
        }
        ExprCompiler c = new ExprCompiler(name);
        c.allowOnly(root, "(top level)", KEYS.toArray(String[]::new));
        if (root.has("messages") == root.has("response") || (root.has("messages") && root.has("prompt"))) {
            throw new MappingException("mapping " + name + " needs either 'response' (with optional 'prompt') or 'messages', "
                + "not both and not neither");
        }
        Map<String, Expr> metadata = new LinkedHashMap<>();
        if (root.has("metadata")) {
            JsonNode m = root.get("metadata");
            if (!m.isObject()) {
                throw c.error("metadata", "must be a map of name: value");
            }
            m.fields().forEachRemaining(e -> metadata.put(e.getKey(), c.compile(e.getValue(), "metadata." + e.getKey())));
        }
        return new RecordMapping(name, optional(c, root, "id"), optional(c, root, "dataset"), optional(c, root, "system"),
            optional(c, root, "prompt"), root.has("response") ? c.compile(root.get("response"), "response") : null,
            root.has("messages") ? MessagesSpec.compile(c, root.get("messages")) : null, Map.copyOf(metadata));
    }

    private static Expr optional(ExprCompiler c, JsonNode root, String key) {
        return root.has(key) ? c.compile(root.get(key), key) : null;
    }

    public String name() {
        return name;
    }

    /** Maps an Avro datum (usually a {@link GenericRecord}) read with its writer's schema. */
    public MappingResult applyAvro(Object datum, Context context) {
        return apply(AvroTree.of(datum), context);
    }

    /** Maps a JSON value (or a plain-text value presented as {@code {"text": ...}}, see {@link #textInput}). */
    public MappingResult apply(JsonNode value, Context context) {
        List<ChatMessage> turns;
        try {
            turns = messages != null ? messages.turns(value) : promptResponse(value);
            if (system != null) {
                String s = optionalText("system", system, value);
                if (s != null && !s.isBlank() && (turns.isEmpty() || !turns.get(0).getRole().equals("system"))) {
                    turns.add(0, new ChatMessage("system", s));
                }
            }
        } catch (Expr.Unresolved e) {
            return new MappingResult.Unmapped(RejectReason.UNMAPPED, e.getMessage());
        }
        String problem = trainingTargetProblem(turns);
        if (problem != null) {
            return new MappingResult.Unmapped(RejectReason.EMPTY_CONTENT, problem);
        }
        try {
            String givenId = optionalText("id", id, value);
            boolean hasId = givenId != null && !givenId.isBlank();
            String ds = optionalText("dataset", dataset, value);
            Map<String, String> meta = new LinkedHashMap<>(context.metadata());
            for (Map.Entry<String, Expr> m : metadata.entrySet()) {
                String v = optionalText("metadata." + m.getKey(), m.getValue(), value);
                if (v != null) {
                    meta.put(m.getKey(), v);
                }
            }
            meta.put("mapping", name);
            meta.put("id.origin", hasId ? "input" : "sha256");
            return new MappingResult.Mapped(FineTuneRecord.newBuilder()
                .setId(hasId ? givenId.strip() : RecordParser.contentId(turns))
                .setSource(context.source())
                .setDataset(ds == null ? "" : ds)
                .setFormat(messages != null ? RecordShape.MESSAGES.wireName() : RecordShape.PROMPT_COMPLETION.wireName())
                .setMessages(turns)
                .setMetadata(meta)
                .setIngestedAt(context.ingestedAt())
                .build());
        } catch (Expr.Unresolved e) {
            return new MappingResult.Unmapped(RejectReason.UNMAPPED, e.getMessage());
        }
    }

    /** Maps a value that arrived as bytes of JSON or plain text; bytes that are not UTF-8 (or not JSON) are refused with the reason. */
    public MappingResult apply(byte[] value, boolean json, Context context) {
        if (value == null) {
            return new MappingResult.Unmapped(RejectReason.UNMAPPED, "the record has no value (a tombstone)");
        }
        String text = Utf8.strict(value);
        if (text == null) {
            return new MappingResult.Unmapped(RejectReason.INVALID_UTF8, "the value is not valid UTF-8");
        }
        if (!json) {
            return apply(textInput(text), context);
        }
        try {
            return apply(JSON.readTree(text), context);
        } catch (IOException e) {
            String m = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
            return new MappingResult.Unmapped(RejectReason.MALFORMED_JSON, m == null ? "not JSON" : m.lines().findFirst().orElse(m));
        }
    }

    /** How plain-text values are seen by a mapping: an object whose {@code text} field is the whole value. */
    public static JsonNode textInput(String text) {
        return JSON.createObjectNode().put("text", text);
    }

    private List<ChatMessage> promptResponse(JsonNode value) throws Expr.Unresolved {
        List<ChatMessage> turns = new ArrayList<>();
        if (prompt != null) {
            turns.add(new ChatMessage("user", labelled("prompt", prompt, value)));
        }
        turns.add(new ChatMessage("assistant", labelled("response", response, value)));
        return turns;
    }

    static String labelled(String key, Expr expr, JsonNode value) throws Expr.Unresolved {
        try {
            return expr.text(value);
        } catch (Expr.Unresolved e) {
            throw new Expr.Unresolved(key + ": " + e.getMessage());
        }
    }

    /** Optional parts (id, dataset, system) fall back to their defaults when absent, but not when malformed. */
    private static String optionalText(String key, Expr expr, JsonNode value) throws Expr.Unresolved {
        if (expr == null) {
            return null;
        }
        try {
            return expr.text(value);
        } catch (Expr.Unresolved e) {
            if (e.getMessage().startsWith("no value at ")) {
                return null;
            }
            throw new Expr.Unresolved(key + ": " + e.getMessage());
        }
    }

    private static String trainingTargetProblem(List<ChatMessage> turns) {
        ChatMessage target = null;
        for (ChatMessage t : turns) {
            if (t.getRole().equals("assistant")) {
                target = t;
            }
        }
        if (target == null) {
            return "no assistant turn: nothing to train on";
        }
        return target.getContent().isBlank() ? "the last assistant turn (the training target) is empty" : null;
    }

    /** Where the record comes from and what the caller adds to its metadata (topic, partition, offset). */
    public record Context(String source, Map<String, String> metadata, Instant ingestedAt) {
    }
}
