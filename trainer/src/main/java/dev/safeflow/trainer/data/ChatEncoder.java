package dev.safeflow.trainer.data;

import dev.safeflow.avro.FineTuneRecord;
import dev.safeflow.model.tokenizer.ChatMessage;
import dev.safeflow.model.tokenizer.Tokenizer;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns conversations into {@link Example}s with the model's chat template. The response is the
 * last assistant turn; everything before it, rendered with the generation prompt, is the prompt.
 * The prompt length is the common prefix of the two renderings, so templates that do not render a
 * prompt as an exact prefix still mask correctly.
 */
public final class ChatEncoder {

    private final Tokenizer tokenizer;
    private final int maxLength;

    public ChatEncoder(Tokenizer tokenizer, int maxLength) {
        this.tokenizer = tokenizer;
        this.maxLength = maxLength;
    }

    /** The example of a record, or null when it has no final assistant turn or its prompt fills maxLength. */
    public Example encode(FineTuneRecord record) {
        List<ChatMessage> messages = new ArrayList<>();
        record.getMessages().forEach(m -> messages.add(new ChatMessage(m.getRole(), m.getContent())));
        if (messages.isEmpty() || !messages.get(messages.size() - 1).role().equals("assistant")) {
            return null;
        }
        ChatMessage last = messages.remove(messages.size() - 1);
        return encode(messages, last.content());
    }

    /** The example of a prompt conversation and its response, or null when the prompt fills maxLength. */
    public Example encode(List<ChatMessage> prompt, String response) {
        List<ChatMessage> full = new ArrayList<>(prompt);
        full.add(new ChatMessage("assistant", response));
        int[] all = tokenizer.encodeChat(full, false);
        int[] promptIds = tokenizer.encodeChat(prompt, true);
        int p = 0;
        while (p < promptIds.length && p < all.length && promptIds[p] == all[p]) {
            p++;
        }
        int length = Math.min(all.length, maxLength);
        if (length - Math.max(p, 1) <= 0) {
            return null;
        }
        int[] ids = new int[length];
        System.arraycopy(all, 0, ids, 0, length);
        return new Example(ids, p);
    }

    /** A single user turn as the prompt. */
    public Example encode(String userPrompt, String response) {
        return encode(List.of(ChatMessage.user(userPrompt)), response);
    }

    /** The id used for padding: the tokenizer's pad token, else its EOS, else 0 (masked either way). */
    public int padId() {
        Integer pad = tokenizer.specialTokenId("pad_token");
        if (pad == null) {
            pad = tokenizer.specialTokenId("eos_token");
        }
        return pad == null ? 0 : pad;
    }
}
