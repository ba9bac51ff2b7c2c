package dev.safeflow.testbed.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.safeflow.model.tokenizer.ChatMessage;
import dev.safeflow.model.tokenizer.Tokenizer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WordTokenizerTest {

    @Test
    void modelTokenizerLoadsItAndRoundTripsWords(@TempDir Path dir) {
        WordTokenizer w = WordTokenizer.build(List.of("Hello there, world!", "how do i bake bread ?", "hello"));
        w.write(dir);
        try (Tokenizer t = Tokenizer.load(dir)) {
            int[] ids = t.encode("Hello world , how", false);
            assertEquals(4, ids.length);
            assertEquals("hello world , how", t.decode(ids, true));
            assertEquals(1, t.encode("hello", true)[0], "BOS is added");
            assertArrayEquals(new int[] {3}, t.encode("zebra", false), "unknown words map to <unk>");
            assertEquals(2, t.specialTokenId("eos_token"));
            assertEquals(0, t.specialTokenId("pad_token"));
        }
    }

    @Test
    void chatTemplateWritesRoleMarkersAndTheAssistantCue(@TempDir Path dir) {
        WordTokenizer.build(List.of("bake bread")).write(dir);
        try (Tokenizer t = Tokenizer.load(dir)) {
            assertFalse(t.chatTemplate().isFallback());
            int[] ids = t.encodeChat(List.of(ChatMessage.user("bake bread")), true);
            int bread = t.encode("bread", false)[0];
            int bake = t.encode("bake", false)[0];
            assertArrayEquals(new int[] {1, 5, bake, bread, 6}, ids);
        }
    }

    @Test
    void vocabularyIsMostFrequentFirstWithAlphabeticalTies() {
        WordTokenizer w = WordTokenizer.build(List.of("b a c", "c b", "c"));
        assertEquals(List.of("c", "b", "a"), w.vocab().subList(WordTokenizer.SPECIAL.size(), w.size()));
    }
}
