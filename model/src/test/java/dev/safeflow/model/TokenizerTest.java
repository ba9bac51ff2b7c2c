package dev.safeflow.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.safeflow.model.tokenizer.ChatMessage;
import dev.safeflow.model.tokenizer.ChatTemplate;
import dev.safeflow.model.tokenizer.Tokenizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenizerTest {

    @Test
    void encodesWithAndWithoutBosAndDecodesBack() {
        try (Tokenizer t = Tokenizer.load(Fixtures.model("llama-gqa"))) {
            assertArrayEquals(new int[] {7, 8}, t.encode("Hello world", false));
            assertArrayEquals(new int[] {1, 7, 8}, t.encode("Hello world", true));
            assertEquals("hello world", t.decode(new int[] {1, 7, 8}, true));
            assertEquals(2, t.specialTokenId("eos_token"));
            assertEquals(3, t.specialTokenId("pad_token"));
        }
    }

    @Test
    void modelChatTemplateRendersSpecialTokensAndGenerationPrompt() {
        try (Tokenizer t = Tokenizer.load(Fixtures.model("llama-gqa"))) {
            assertFalse(t.chatTemplate().isFallback());
            List<ChatMessage> chat = List.of(new ChatMessage("system", "is safe"), ChatMessage.user(" Hello world "));
            assertArrayEquals(new int[] {1, 6, 23, 24, 4, 7, 8, 5}, t.encodeChat(chat, true));
            String text = t.chatTemplate().render(List.of(ChatMessage.user("hi"), new ChatMessage("assistant", "no")),
                    false, t.specialTokens());
            assertEquals("<s><|user|> hi <|assistant|> no </s> ", text);
        }
    }

    @Test
    void templateRaiseExceptionBecomesAClearError() {
        try (Tokenizer t = Tokenizer.load(Fixtures.model("llama-gqa"))) {
            ModelException e = assertThrows(ModelException.class,
                    () -> t.encodeChat(List.of(new ChatMessage("tool", "x")), true));
            assertTrue(e.getMessage().contains("unknown role tool"), e.getMessage());
        }
    }

    @Test
    void modelWithoutTemplateUsesTheFallback(@TempDir Path dir) throws Exception {
        Files.copy(Fixtures.model("llama-gqa").resolve("tokenizer.json"), dir.resolve("tokenizer.json"));
        try (Tokenizer t = Tokenizer.load(dir)) {
            assertTrue(t.chatTemplate().isFallback());
            assertEquals("user: hello\nassistant:",
                    t.chatTemplate().render(List.of(ChatMessage.user("hello")), true, Map.of()));
            assertEquals(1, t.encodeChat(List.of(ChatMessage.user("hello")), true)[0]);
        }
        assertTrue(ChatTemplate.of(null).isFallback());
    }
}
