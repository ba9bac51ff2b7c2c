package dev.safeflow.records.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.safeflow.avro.ChatMessage;
import dev.safeflow.avro.FineTuneRecord;
import dev.safeflow.records.RecordParser;
import dev.safeflow.records.RejectReason;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

class RecordMappingTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final RecordMapping.Context AT = new RecordMapping.Context("support", Map.of("topic", "tickets"),
        Instant.parse("2026-12-02T00:00:00Z"));

    private static final String TICKETS = """
        id: /ticket/id
        dataset: {literal: tickets}
        system: {default: [/ticket/system, {literal: "You are a support agent."}]}
        prompt: {template: "Subject: {/ticket/subject}\\n\\n{ticket.body}"}
        response: {join: [/replies], separator: " | "}
        metadata: {product: /ticket/product}
        """;

    @Test
    void jsonPointersTemplatesJoinsAndDefaultsBuildOneConversation() throws Exception {
        FineTuneRecord r = mapped(RecordMapping.parse(TICKETS, "tickets.yaml"), json("""
            {"ticket": {"id": "T-7", "subject": "Login", "body": "It fails.", "product": "web"}, "replies": ["Reset it.", "Done?"]}"""));
        assertEquals("T-7", r.getId());
        assertEquals("support", r.getSource());
        assertEquals("tickets", r.getDataset());
        assertEquals(List.of(new ChatMessage("system", "You are a support agent."),
            new ChatMessage("user", "Subject: Login\n\nIt fails."), new ChatMessage("assistant", "Reset it. | Done?")), r.getMessages());
        assertEquals("web", r.getMetadata().get("product"));
        assertEquals("tickets", r.getMetadata().get("topic"));
        assertEquals("input", r.getMetadata().get("id.origin"));
        assertEquals("prompt-completion", r.getFormat());
    }

    @Test
    void avroRecordsAreReadByFieldPathsThroughUnionsAndNestedRecords() {
        Schema inner = SchemaBuilder.record("Reply").fields().requiredString("text").endRecord();
        Schema schema = SchemaBuilder.record("Ticket").namespace("acme").fields()
            .optionalString("question").name("replies").type().array().items(inner).noDefault()
            .optionalLong("number").endRecord();
        GenericRecord reply = new GenericData.Record(inner);
        reply.put("text", "Try again.");
        GenericRecord ticket = new GenericData.Record(schema);
        ticket.put("question", "Why?");
        ticket.put("replies", List.of(reply));
        ticket.put("number", 42L);
        RecordMapping m = RecordMapping.parse("id: number\nprompt: question\nresponse: replies[0].text\n", "avro.yaml");
        FineTuneRecord r = mapped(m.applyAvro(ticket, AT));
        assertEquals("42", r.getId());
        assertEquals("Why?", r.getMessages().get(0).getContent());
        assertEquals("Try again.", r.getMessages().get(1).getContent());
    }

    @Test
    void aMissingResponseIsUnmappedWithThePathThatFailed() throws Exception {
        MappingResult.Unmapped u = unmapped(RecordMapping.parse(TICKETS, "t.yaml"), json("{\"ticket\": {\"subject\": \"a\", \"body\": \"b\"}}"));
        assertEquals(RejectReason.UNMAPPED, u.reason());
        assertEquals("response: join found nothing: no value at /replies", u.detail());
        u = unmapped(RecordMapping.parse(TICKETS, "t.yaml"), json("{\"ticket\": {\"body\": \"b\"}, \"replies\": [\"r\"]}"));
        assertEquals("prompt: no value at /ticket/subject", u.detail());
    }

    @Test
    void anObjectWhereTextIsExpectedIsUnmappedNotStringified() throws Exception {
        RecordMapping m = RecordMapping.parse("response: /answer\n", "m.yaml");
        MappingResult.Unmapped u = unmapped(m, json("{\"answer\": {\"text\": \"x\"}}"));
        assertEquals("response: expected text at /answer, found an object", u.detail());
        assertTrue(unmapped(m, json("{\"answer\": [\"a\"]}")).detail().contains("use join"));
    }

    @Test
    void aBlankTrainingTargetIsEmptyContent() throws Exception {
        MappingResult.Unmapped u = unmapped(RecordMapping.parse("response: /a\n", "m.yaml"), json("{\"a\": \"  \"}"));
        assertEquals(RejectReason.EMPTY_CONTENT, u.reason());
    }

    @Test
    void messagesWithTheSourcesOwnRoleNamesBecomeChatRoles() throws Exception {
        RecordMapping m = RecordMapping.parse("""
            messages: {path: /turns, role: who, content: said, roles: {customer: user, agent: assistant}}
            system: {literal: Be kind.}
            """, "m.yaml");
        FineTuneRecord r = mapped(m, json("{\"turns\": [{\"who\": \"Customer\", \"said\": \"hi\"}, {\"who\": \"agent\", \"said\": \"hello\"}]}"));
        assertEquals(List.of(new ChatMessage("system", "Be kind."), new ChatMessage("user", "hi"),
            new ChatMessage("assistant", "hello")), r.getMessages());
        assertEquals("messages", r.getFormat());
        assertEquals(RecordParser.contentId(r.getMessages()), r.getId(), "no id path: the content id, as file ingest gives");
        assertEquals("messages: turn 1 at /turns: no value at said",
            unmapped(m, json("{\"turns\": [{\"who\": \"user\", \"said\": \"q\"}, {\"who\": \"agent\"}]}")).detail());
    }

    @Test
    void plainTextAndBytesAreDecodedWithPreciseReasons() {
        RecordMapping m = RecordMapping.parse("response: /text\n", "m.yaml");
        assertEquals("just text", mapped(m.apply("just text".getBytes(StandardCharsets.UTF_8), false, AT)).getMessages().get(0).getContent());
        assertEquals(RejectReason.INVALID_UTF8, ((MappingResult.Unmapped) m.apply(new byte[] {(byte) 0xff}, false, AT)).reason());
        assertEquals(RejectReason.MALFORMED_JSON, ((MappingResult.Unmapped) m.apply("{oops".getBytes(StandardCharsets.UTF_8), true, AT)).reason());
    }

    @Test
    void mistakesInTheMappingFileNameTheFileTheKeyAndTheFix() {
        assertEquals("mapping m.yaml: '(top level)' has unknown key 'respones'; allowed: [dataset, id, messages, metadata, prompt, response, system]",
            assertThrows(MappingException.class, () -> RecordMapping.parse("respones: /a\n", "m.yaml")).getMessage());
        assertTrue(assertThrows(MappingException.class, () -> RecordMapping.parse("prompt: /q\n", "m.yaml")).getMessage()
            .contains("needs either 'response'"));
        assertTrue(assertThrows(MappingException.class, () -> RecordMapping.parse("response: support team\n", "m.yaml")).getMessage()
            .contains("for fixed text write {literal: \"support team\"}"));
        assertTrue(assertThrows(MappingException.class, () -> RecordMapping.parse("response: {template: \"a {/b\"}\n", "m.yaml"))
            .getMessage().contains("never closed"));
        assertTrue(assertThrows(MappingException.class, () -> RecordMapping.parse("response: {join: /a}\n", "m.yaml"))
            .getMessage().contains("'response.join' needs a non-empty list"));
        assertTrue(assertThrows(MappingException.class, () -> RecordMapping.load(java.nio.file.Path.of("/no/such.yaml")))
            .getMessage().contains("--map"));
    }

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    private static FineTuneRecord mapped(RecordMapping m, JsonNode value) {
        return mapped(m.apply(value, AT));
    }

    private static FineTuneRecord mapped(MappingResult r) {
        return assertInstanceOf(MappingResult.Mapped.class, r, () -> r.toString()).record();
    }

    private static MappingResult.Unmapped unmapped(RecordMapping m, JsonNode value) {
        MappingResult r = m.apply(value, AT);
        return assertInstanceOf(MappingResult.Unmapped.class, r, () -> r.toString());
    }
}
