package dev.safeflow.auditor.screen;

import dev.safeflow.avro.ChatMessage;
import dev.safeflow.avro.FineTuneRecord;
import java.util.List;

/** The two texts screeners judge: what was asked (system and user turns) and what the model is trained to answer. */
public record ChatText(String prompt, String response) {

    public static ChatText of(FineTuneRecord record) {
        return of(record.getMessages());
    }

    public static ChatText of(List<ChatMessage> messages) {
        StringBuilder prompt = new StringBuilder();
        String response = "";
        for (ChatMessage m : messages) {
            if (m.getRole().equals("assistant")) {
                response = m.getContent();
            } else {
                if (!prompt.isEmpty()) {
                    prompt.append('\n');
                }
                prompt.append(m.getContent());
            }
        }
        return new ChatText(prompt.toString(), response);
    }
}
