package dev.safeflow.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordFileTest {

    @Test
    void labelledLinesOfMixedShapesKeepTheirOtherFields(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("labelled.jsonl"), String.join("\n",
            "{\"instruction\":\"Say hi\",\"output\":\"Hi\",\"label\":\"benign\",\"category\":\"greeting\",\"language\":\"en\"}",
            "{\"messages\":[{\"role\":\"user\",\"content\":\"q\"},{\"role\":\"assistant\",\"content\":\"a\"}],"
                + "\"label\":\"harmful\",\"category\":\"weapons\",\"language\":\"de\"}",
            "{\"prompt\":\"p\",\"completion\":\"c\"}"));

        List<RecordFile.Line> lines = RecordFile.of(file, RecordShape.AUTO, "labels").lines();

        assertEquals(3, lines.size());
        RecordFile.Mapped alpaca = assertInstanceOf(RecordFile.Mapped.class, lines.get(0));
        assertEquals("alpaca", alpaca.record().getFormat());
        assertEquals(List.of("benign", "greeting", "en"),
            List.of(alpaca.field("label"), alpaca.field("category"), alpaca.field("language")));
        RecordFile.Mapped chat = assertInstanceOf(RecordFile.Mapped.class, lines.get(1));
        assertEquals(2, chat.number());
        assertEquals("messages", chat.record().getFormat());
        assertEquals("harmful", chat.field("label"));
        assertEquals("labels", chat.record().getSource());
        assertNull(assertInstanceOf(RecordFile.Mapped.class, lines.get(2)).field("label"));
    }

    @Test
    void aBadLineIsAnErrorNamingFileAndLineAndTheRestStillReads(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("mixed.jsonl"),
            "{\"text\":\"fine\"}\n{not json\n{\"answer\":\"no shape\"}\n{\"text\":\"also fine\"}\n");

        List<RecordFile.Line> lines = RecordFile.of(file, RecordShape.AUTO, "s").lines();

        assertEquals(List.of(RecordFile.Mapped.class, RecordFile.Failed.class, RecordFile.Failed.class,
            RecordFile.Mapped.class), lines.stream().map(Object::getClass).toList());
        RecordFile.Failed json = (RecordFile.Failed) lines.get(1);
        assertEquals(RejectReason.MALFORMED_JSON, json.reason());
        assertTrue(json.message().startsWith(file.toAbsolutePath() + " line 2: malformed-json"), json.message());
        RecordFile.Failed shape = (RecordFile.Failed) lines.get(2);
        assertTrue(shape.message().contains(" line 3: unknown-shape") && shape.message().contains("answer"),
            shape.message());
    }

    @Test
    void csvColumnsBesideTheShapeAreFieldsToo(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("rows.csv"),
            "prompt,completion,label\n\"How, exactly?\",Carefully.,benign\n");

        RecordFile.Mapped row = assertInstanceOf(RecordFile.Mapped.class,
            RecordFile.of(file, RecordShape.PROMPT_COMPLETION, "s").lines().get(0));

        assertEquals(2, row.number());
        assertEquals("How, exactly?", row.record().getMessages().get(0).getContent());
        assertEquals("benign", row.field("label"));
    }

    @Test
    void stdinReadsAsTheNameStdin() {
        var in = new ByteArrayInputStream("{\"text\":\"x\"}\n[]\n".getBytes(StandardCharsets.UTF_8));

        List<RecordFile.Line> lines = RecordFile.of("-", in, RecordShape.TEXT, FieldNames.standard(), "s").lines();

        assertInstanceOf(RecordFile.Mapped.class, lines.get(0));
        assertTrue(((RecordFile.Failed) lines.get(1)).message().startsWith("stdin line 2: unknown-shape"),
            lines.get(1).toString());
    }

    @Test
    void aMissingFileIsOneSentenceNamingIt(@TempDir Path dir) {
        Path missing = dir.resolve("nope.jsonl");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> RecordFile.of(missing, RecordShape.AUTO, "s").lines());
        assertTrue(e.getMessage().contains(missing.toString()) && e.getMessage().contains("does not exist"), e.getMessage());
    }
}
