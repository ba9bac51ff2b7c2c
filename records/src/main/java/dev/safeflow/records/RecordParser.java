package dev.safeflow.records;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.safeflow.avro.ChatMessage;
import dev.safeflow.avro.FineTuneRecord;
import dev.safeflow.records.input.RawRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Validates one raw record and maps it to a {@link FineTuneRecord}, in the order the checks are
 * cheapest: size, UTF-8, JSON syntax, shape, content. Every failure is a {@link Parsed.Rejected}
 * carrying the original bytes; nothing here throws for bad input. Thread-safe.
 */
public final class RecordParser {
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    /** Reads trees without resolving the target type on every call, as {@code ObjectMapper.readTree} does. */
    private static final ObjectReader TREE = JSON.readerFor(JsonNode.class);
    /** One digest per thread, reset before each use: looking one up through the providers costs more than hashing a record. */
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(RecordParser::newSha256);

    private final RecordShape format;
    private final FieldNames fields;
    private final int maxRecordBytes;
    private final RecordShapeMapper shapes;
    private final Clock clock;

    public RecordParser(RecordShape format, FieldNames fields, int maxRecordBytes, Clock clock) {
        this.format = format;
        this.fields = fields;
        this.maxRecordBytes = maxRecordBytes;
        this.shapes = new RecordShapeMapper(fields);
        this.clock = clock;
    }

    public Parsed parse(RawRecord raw, Provenance where) {
        if (raw.error() != null) {
            return new Parsed.Rejected(raw.error(), raw.detail(), raw.raw(), where);
        }
        if (raw.totalBytes() > maxRecordBytes) {
            return new Parsed.Rejected(RejectReason.TOO_LARGE, raw.totalBytes() + " bytes, over the record limit of "
                + maxRecordBytes + " (the dead letter keeps the first " + raw.raw().length + ")", raw.raw(), where);
        }
        JsonNode node = raw.node();
        if (node == null) {
            String text = Utf8.strict(raw.raw());
            if (text == null) {
                return new Parsed.Rejected(RejectReason.INVALID_UTF8, "not valid UTF-8", raw.raw(), where);
            }
            try {
                node = TREE.readTree(text);
            } catch (IOException e) {
                String m = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
                return new Parsed.Rejected(RejectReason.MALFORMED_JSON, m == null ? "not JSON" : m.lines().findFirst().orElse(m),
                    raw.raw(), where);
            }
        }
        if (node == null || !node.isObject()) {
            return new Parsed.Rejected(RejectReason.UNKNOWN_SHAPE, "a record must be a JSON object, got "
                + (node == null ? "nothing" : node.getNodeType().name().toLowerCase(Locale.ROOT)), raw.raw(), where);
        }
        try {
            RecordShapeMapper.Mapped mapped = shapes.map(node, format);
            return new Parsed.Accepted(build(node, mapped, where), node, where);
        } catch (RecordShapeMapper.ShapeException e) {
            return new Parsed.Rejected(e.reason, e.getMessage(), raw.raw(), where);
        }
    }

    private FineTuneRecord build(JsonNode node, RecordShapeMapper.Mapped mapped, Provenance where) {
        JsonNode givenId = node.get(fields.id());
        boolean hasId = givenId != null && (givenId.isTextual() || givenId.isIntegralNumber()) && !givenId.asText().isBlank();
        String id = hasId ? givenId.asText().trim() : contentId(mapped.messages());
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("source", where.source());
        metadata.put("dataset", where.dataset());
        metadata.put("file", where.input());
        metadata.put("line", Long.toString(where.line()));
        metadata.put("format", mapped.format().wireName());
        metadata.put("format.detected", Boolean.toString(format == RecordShape.AUTO));
        metadata.put("id.origin", hasId ? "input" : "sha256");
        return FineTuneRecord.newBuilder()
            .setId(id)
            .setSource(where.source())
            .setDataset(where.dataset())
            .setFormat(mapped.format().wireName())
            .setMessages(mapped.messages())
            .setMetadata(metadata)
            .setIngestedAt(Instant.now(clock))
            .build();
    }

    /**
     * sha256 (hex) of the turns as {@code role \u001f content \u001e} in order: the same conversation
     * gets the same id whatever shape or field names it arrived in, and whatever source sent it.
     */
    public static String contentId(List<ChatMessage> messages) {
        MessageDigest sha = SHA256.get();
        sha.reset();
        for (ChatMessage m : messages) {
            sha.update(m.getRole().getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0x1f);
            sha.update(m.getContent().getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0x1e);
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
