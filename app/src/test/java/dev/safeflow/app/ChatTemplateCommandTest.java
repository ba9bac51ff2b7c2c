package dev.safeflow.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.safeflow.model.FamilyModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code safeflow model chat-template} on a Qwen-shaped model with Qwen2.5's real tokenizer and template. */
class ChatTemplateCommandTest {

    private static final String CHAT = "[{\"role\": \"system\", \"content\": \"Sé breve.\"},"
        + " {\"role\": \"user\", \"content\": \"Hi\"}, {\"role\": \"assistant\", \"content\": \"Hello!\"}]";

    @Test
    void printsTheTextTheModelsTemplateRenders(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("chat.json"), CHAT);
        CliTest.Run r = CliTest.run("model", "chat-template", "--model", FamilyModels.tiny(FamilyModels.QWEN).toString(),
            "--messages", file.toString());
        assertEquals(0, r.exit(), r.err());
        assertEquals("<|im_start|>system\nSé breve.<|im_end|>\n<|im_start|>user\nHi<|im_end|>\n"
            + "<|im_start|>assistant\nHello!<|im_end|>\n\n", r.out());
    }

    @Test
    void idsShowThatOnlyTheFinalAssistantTurnIsTrained(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("chat.json"), CHAT);
        CliTest.Run r = CliTest.run("model", "chat-template", "--model", FamilyModels.tiny(FamilyModels.QWEN).toString(),
            "--messages", file.toString(), "--ids");
        assertEquals(0, r.exit(), r.err());
        List<String> rows = r.out().lines().filter(l -> l.matches("\\s*\\d+\\s+\\d+\\s+(yes|-)\\s+'.*'")).toList();
        List<String> trained = rows.stream().filter(l -> l.split("\\s+")[3].equals("yes")).toList();
        // Qwen2.5's template ends the assistant turn with <|im_end|> (151645) and a newline; both are trained.
        assertEquals(List.of("'Hello'", "'!'", "'<|im_end|>'", "'\\n'"),
            trained.stream().map(l -> l.substring(l.indexOf('\''))).toList(), r.out());
        assertTrue(rows.get(0).contains(" 151644 "), rows.get(0)); // <|im_start|>
        assertTrue(r.out().contains(rows.size() + " tokens: " + (rows.size() - 4) + " prompt (masked), 4 trained"), r.out());
    }

    @Test
    void aFileWithoutMessagesIsOneSentenceNamingIt(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("chat.json"), "{\"prompt\": \"hi\"}");
        CliTest.Run r = CliTest.run("model", "chat-template", "--model", FamilyModels.tiny(FamilyModels.QWEN).toString(),
            "--messages", file.toString());
        assertEquals(UserErrors.USER_ERROR, r.exit(), r.err());
        assertTrue(r.err().startsWith("safeflow model chat-template: " + file + " holds no messages;"), r.err());
    }
}
