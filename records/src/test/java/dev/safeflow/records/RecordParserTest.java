package dev.safeflow.records;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.safeflow.avro.ChatMessage;
import dev.safeflow.avro.FineTuneRecord;
import dev.safeflow.records.input.RawRecord;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecordParserTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
    private static final Provenance WHERE = new Provenance("team-a", "ds1", "/data/in.jsonl", 7);

    private final RecordParser auto = new RecordParser(RecordShape.AUTO, FieldNames.standard(), 1000, CLOCK);

    static List<String> turns(FineTuneRecord r) {
        return r.getMessages().stream().map(m -> m.getRole() + ":" + m.getContent()).toList();
    }

    FineTuneRecord accept(RecordParser parser, String json) {
        Parsed p = parser.parse(RawRecord.bytes(7, json.getBytes(StandardCharsets.UTF_8), json.length()), WHERE);
        return assertInstanceOf(Parsed.Accepted.class, p, () -> "rejected: " + p).record();
    }

    Parsed.Rejected reject(RecordParser parser, byte[] bytes) {
        Parsed p = parser.parse(RawRecord.bytes(7, bytes, bytes.length), WHERE);
        return assertInstanceOf(Parsed.Rejected.class, p);
    }

    Parsed.Rejected reject(String json) {
        return reject(auto, json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void alpacaBecomesSystemUserAssistantWithInputAfterTheInstruction() {
        FineTuneRecord r = accept(auto, "{\"instruction\":\"Sum\",\"input\":\"1 2\",\"output\":\"3\",\"system\":\"Be brief\"}");
        assertEquals(List.of("system:Be brief", "user:Sum\n\n1 2", "assistant:3"), turns(r));
        assertEquals("alpaca", r.getFormat());
    }

    @Test
    void alpacaWithEmptyInputHasTheInstructionAlone() {
        assertEquals(List.of("user:Sum", "assistant:3"), turns(accept(auto, "{\"instruction\":\"Sum\",\"input\":\"\",\"output\":\"3\"}")));
    }

    @Test
    void chatMessagesKeepRolesAndTextParts() {
        FineTuneRecord r = accept(auto, "{\"messages\":[{\"role\":\"system\",\"content\":\"s\"},{\"role\":\"User\",\"content\":"
            + "[{\"type\":\"text\",\"text\":\"a\"},{\"type\":\"text\",\"text\":\"b\"}]},{\"role\":\"assistant\",\"content\":\"c\"}]}");
        assertEquals(List.of("system:s", "user:a\nb", "assistant:c"), turns(r));
        assertEquals("messages", r.getFormat());
    }

    @Test
    void shareGptMapsHumanAndGptToUserAndAssistant() {
        FineTuneRecord r = accept(auto, "{\"conversations\":[{\"from\":\"system\",\"value\":\"s\"},{\"from\":\"human\",\"value\":\"q\"},"
            + "{\"from\":\"gpt\",\"value\":\"a\"}]}");
        assertEquals(List.of("system:s", "user:q", "assistant:a"), turns(r));
        assertEquals("sharegpt", r.getFormat());
    }

    @Test
    void plainPromptCompletionIsOneUserAndOneAssistantTurn() {
        FineTuneRecord r = accept(auto, "{\"prompt\":\"p\",\"completion\":\"c\"}");
        assertEquals(List.of("user:p", "assistant:c"), turns(r));
        assertEquals("prompt-completion", r.getFormat());
    }

    @Test
    void conversationalPromptCompletionConcatenatesTheTurns() {
        FineTuneRecord r = accept(auto, "{\"prompt\":[{\"role\":\"user\",\"content\":\"p\"}],"
            + "\"completion\":[{\"role\":\"assistant\",\"content\":\"c\"}]}");
        assertEquals(List.of("user:p", "assistant:c"), turns(r));
    }

    @Test
    void textBecomesOneAssistantTurn() {
        FineTuneRecord r = accept(auto, "{\"text\":\"all of it\"}");
        assertEquals(List.of("assistant:all of it"), turns(r));
        assertEquals("text", r.getFormat());
    }

    @Test
    void givenIdIsKeptAndOtherwiseTheIdIsTheSha256OfTheTurns() {
        assertEquals("abc-1", accept(auto, "{\"id\":\"abc-1\",\"text\":\"t\"}").getId());
        assertEquals("42", accept(auto, "{\"id\":42,\"text\":\"t\"}").getId());
        FineTuneRecord a = accept(auto, "{\"prompt\":\"p\",\"completion\":\"c\"}");
        FineTuneRecord b = accept(auto, "{\"messages\":[{\"role\":\"user\",\"content\":\"p\"},{\"role\":\"assistant\",\"content\":\"c\"}]}");
        assertEquals(a.getId(), b.getId(), "the same conversation in two shapes has one id");
        assertEquals(64, a.getId().length());
        assertEquals(RecordParser.contentId(List.of(new ChatMessage("user", "p"), new ChatMessage("assistant", "c"))), a.getId());
        assertNotEquals(a.getId(), accept(auto, "{\"prompt\":\"p\",\"completion\":\"d\"}").getId());
    }

    @Test
    void metadataNamesSourceDatasetFileLineAndFormat() {
        FineTuneRecord r = accept(auto, "{\"text\":\"t\"}");
        assertEquals("team-a", r.getSource());
        assertEquals("ds1", r.getDataset());
        Map<String, String> m = r.getMetadata();
        assertEquals("team-a", m.get("source"));
        assertEquals("ds1", m.get("dataset"));
        assertEquals("/data/in.jsonl", m.get("file"));
        assertEquals("7", m.get("line"));
        assertEquals("text", m.get("format"));
        assertEquals("true", m.get("format.detected"));
        assertEquals("sha256", m.get("id.origin"));
        assertEquals(CLOCK.instant(), r.getIngestedAt());
    }

    @Test
    void mappedFieldNamesAreRead() {
        RecordParser mapped = new RecordParser(RecordShape.AUTO,
            FieldNames.of(Map.of("instruction", "question", "output", "answer", "id", "uid")), 1000, CLOCK);
        FineTuneRecord r = accept(mapped, "{\"uid\":\"u1\",\"question\":\"q\",\"answer\":\"a\"}");
        assertEquals(List.of("user:q", "assistant:a"), turns(r));
        assertEquals("u1", r.getId());
    }

    @Test
    void explicitFormatRejectsRecordsOfAnotherShape() {
        RecordParser alpaca = new RecordParser(RecordShape.ALPACA, FieldNames.standard(), 1000, CLOCK);
        Parsed.Rejected r = reject(alpaca, "{\"text\":\"t\"}".getBytes(StandardCharsets.UTF_8));
        assertEquals(RejectReason.UNKNOWN_SHAPE, r.reason());
        assertTrue(r.detail().contains("instruction"), r.detail());
    }

    @Test
    void malformedJsonIsRejectedWithItsBytes() {
        byte[] bad = "{\"text\": ".getBytes(StandardCharsets.UTF_8);
        Parsed.Rejected r = reject(auto, bad);
        assertEquals(RejectReason.MALFORMED_JSON, r.reason());
        assertArrayEquals(bad, r.raw());
        assertEquals(RejectReason.MALFORMED_JSON, reject("{\"text\":\"a\"} trailing").reason());
    }

    @Test
    void unknownShapeNamesTheFieldsFound() {
        Parsed.Rejected r = reject("{\"question\":\"q\",\"answer\":\"a\"}");
        assertEquals(RejectReason.UNKNOWN_SHAPE, r.reason());
        assertTrue(r.detail().contains("[question, answer]"), r.detail());
        assertEquals(RejectReason.UNKNOWN_SHAPE, reject("[1,2]").reason());
        assertEquals(RejectReason.UNKNOWN_SHAPE, reject("{\"messages\":[{\"role\":\"user\"}]}").reason());
    }

    @Test
    void emptyTargetOrNoAssistantTurnIsEmptyContent() {
        assertEquals(RejectReason.EMPTY_CONTENT, reject("{\"text\":\"  \"}").reason());
        assertEquals(RejectReason.EMPTY_CONTENT, reject("{\"instruction\":\"q\",\"output\":\"\"}").reason());
        assertEquals(RejectReason.EMPTY_CONTENT, reject("{\"messages\":[{\"role\":\"user\",\"content\":\"q\"}]}").reason());
        assertEquals(RejectReason.EMPTY_CONTENT, reject("{\"messages\":[]}").reason());
    }

    @Test
    void recordOverTheSizeLimitIsTooLarge() {
        RecordParser small = new RecordParser(RecordShape.AUTO, FieldNames.standard(), 64, CLOCK);
        byte[] kept = new byte[64];
        Parsed p = small.parse(RawRecord.bytes(3, kept, 5000), WHERE);
        Parsed.Rejected r = assertInstanceOf(Parsed.Rejected.class, p);
        assertEquals(RejectReason.TOO_LARGE, r.reason());
        assertTrue(r.detail().startsWith("5000 bytes"), r.detail());
    }

    @Test
    void invalidUtf8IsRejectedBeforeJsonParsing() {
        byte[] bad = {'{', '"', 't', 'e', 'x', 't', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
        Parsed.Rejected r = reject(auto, bad);
        assertEquals(RejectReason.INVALID_UTF8, r.reason());
        assertArrayEquals(bad, r.raw());
    }
}
