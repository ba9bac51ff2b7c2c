package dev.safeflow.trainer.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import ai.djl.ndarray.NDManager;
import dev.safeflow.avro.FineTuneRecord;
import dev.safeflow.model.Djl;
import dev.safeflow.model.tokenizer.Tokenizer;
import dev.safeflow.trainer.TinyModel;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChatEncoderTest {

    @Test
    void promptTokensAreMaskedAndOnlyTheResponseIsScored() {
        try (Tokenizer tok = TinyModel.tokenizer()) {
            ChatEncoder enc = new ChatEncoder(tok, 64);
            Example e = enc.encode(TinyModel.record("1", "hello", "the cat"));
            // <s> <|user|> hello <|assistant|> the cat </s>
            assertEquals(4, e.promptLength());
            assertArrayEquals(new int[] {15, 17, 2}, java.util.Arrays.copyOfRange(e.ids(), 4, e.length()));
            try (NDManager m = Djl.newManager()) {
                Batch b = Batch.of(List.of(e, enc.encode("hello , how are you ?", "fine")), enc.padId());
                float[] mask = b.lossMask(m).toFloatArray(); // (2, T-1): position t scores token t+1
                int w = b.width() - 1;
                assertArrayEquals(new float[] {0, 0, 0, 1, 1, 1}, java.util.Arrays.copyOfRange(mask, 0, 6));
                assertEquals(0f, mask[w - 1], "padding is not scored");
                assertEquals(3, b.padId());
            }
        }
    }

    @Test
    void longSequencesAreTruncatedAndPromptOnlyOnesDropped() {
        try (Tokenizer tok = TinyModel.tokenizer()) {
            assertEquals(6, new ChatEncoder(tok, 6).encode("hello", "the cat sat on the mat").length());
            assertNull(new ChatEncoder(tok, 4).encode("hello", "the cat"), "nothing of the response fits");
            assertNull(new ChatEncoder(tok, 64).encode(FineTuneRecord.newBuilder(TinyModel.record("1", "hello", "x"))
                    .setMessages(List.of(new dev.safeflow.avro.ChatMessage("user", "hi"))).build()),
                    "a record without an assistant turn has nothing to learn");
        }
    }

    @Test
    void batcherClosesBatchesByCountOrPaddedTokens() {
        Example small = new Example(new int[] {1, 2, 3, 4}, 2);
        Example big = new Example(new int[10], 2);
        assertEquals(List.of(2, 2, 1), new Batcher(2, 0, 0).pack(List.of(small, small, small, small, small)).stream()
                .map(Batch::size).toList());
        assertEquals(List.of(2, 1), new Batcher(8, 12, 0).pack(List.of(small, small, big)).stream()
                .map(Batch::size).toList());
    }
}
