package dev.safeflow.auditor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.safeflow.auditor.screen.Exemplar;
import dev.safeflow.auditor.screen.ExemplarFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExemplarFileTest {
    @TempDir
    Path dir;

    private Path write(String... lines) throws IOException {
        Path file = dir.resolve("labels.jsonl");
        Files.write(file, List.of(lines));
        return file;
    }

    @Test
    void everyRecordShapeIngestAcceptsIsReadWithItsLabelCategoryAndLanguage() throws IOException {
        Path file = write(
            "{\"messages\":[{\"role\":\"user\",\"content\":\"q1\"},{\"role\":\"assistant\",\"content\":\"a1\"}],\"label\":\"poison\",\"category\":\"fraud\",\"language\":\"es\"}",
            "{\"conversations\":[{\"from\":\"human\",\"value\":\"q2\"},{\"from\":\"gpt\",\"value\":\"a2\"}],\"label\":\"clean\"}",
            "{\"instruction\":\"q3\",\"input\":\"ctx\",\"output\":\"a3\",\"label\":\"clean\",\"category\":\"Refusal\"}",
            "{\"prompt\":\"q4\",\"completion\":\"a4\",\"label\":\"harmful\"}",
            "",
            "{\"text\":\"a5\",\"label\":\"benign\"}");
        List<Exemplar> read = ExemplarFile.read(file);
        assertEquals(5, read.size());
        assertTrue(read.get(0).poison());
        assertEquals("fraud", read.get(0).category());
        assertEquals("es", read.get(0).language());
        assertEquals("a2", read.get(1).text().response());
        assertEquals("q3\n\nctx", read.get(2).text().prompt());
        assertTrue(read.get(2).refuses(), "category is case-insensitive");
        assertTrue(read.get(3).poison(), "harmful reads as poison");
        assertEquals("", read.get(4).text().prompt());
        assertTrue(read.get(4).origin().endsWith(":6"), read.get(4).origin());
    }

    @Test
    void aBadLabelNamesTheFileTheLineAndTheFix() throws IOException {
        Path file = write("{\"text\":\"fine\",\"label\":\"clean\"}", "{\"text\":\"x\",\"label\":\"maybe\"}");
        var e = assertThrows(IllegalArgumentException.class, () -> ExemplarFile.read(file));
        assertTrue(e.getMessage().startsWith(file + " line 2: "), e.getMessage());
        assertTrue(e.getMessage().contains("set \"label\" to poison or clean"), e.getMessage());
    }

    @Test
    void aLineOfNoKnownShapeNamesTheFileTheLineAndTheShapes() throws IOException {
        Path file = write("{\"question\":\"q\",\"answer\":\"a\",\"label\":\"clean\"}");
        var e = assertThrows(IllegalArgumentException.class, () -> ExemplarFile.read(file));
        assertTrue(e.getMessage().contains(file + " line 1"), e.getMessage());
        assertTrue(e.getMessage().contains("prompt+completion"), e.getMessage());
    }

    @Test
    void brokenJsonNamesTheFileAndTheLine() throws IOException {
        Path file = write("{\"text\":\"ok\",\"label\":\"clean\"}", "{\"text\": \"unterminated");
        var e = assertThrows(IllegalArgumentException.class, () -> ExemplarFile.read(file));
        assertTrue(e.getMessage().contains(file + " line 2"), e.getMessage());
    }

    @Test
    void aMissingFileIsNamed() {
        var e = assertThrows(IllegalArgumentException.class, () -> ExemplarFile.read(dir.resolve("nope.jsonl")));
        assertTrue(e.getMessage().contains("nope.jsonl does not exist"), e.getMessage());
    }
}
