package dev.safeflow.auditor.screen;

import dev.safeflow.avro.ChatMessage;
import dev.safeflow.avro.FineTuneRecord;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One labelled fine-tuning record: its turns as ingest would map them, whether it is poison, and
 * optionally its category (a harm category for poison; {@code refusal}, {@code education}, ... for
 * clean records) and language. Read from files by {@link ExemplarFile}.
 *
 * @param origin file and line, for error messages and the worst-errors list
 */
public record Exemplar(List<ChatMessage> messages, boolean poison, String category, String language, String origin) {
    /** Category of a clean record whose response refuses a harmful request: the stance classifier's positive class. */
    public static final String REFUSAL = "refusal";
    /** A refusal of an ordinary request ("I can't make it on Saturday"): refuses, but nothing harmful was asked. */
    public static final String DECLINE = "decline";

    public Exemplar {
        messages = List.copyOf(messages);
    }

    public ChatText text() {
        return ChatText.of(messages);
    }

    /** The request is harmful: poison, or a refusal of a harmful request. */
    public boolean harmfulRequest() {
        return poison || category.equals(REFUSAL);
    }

    /** The response declines what was asked. */
    public boolean refuses() {
        return !poison && (category.equals(REFUSAL) || category.equals(DECLINE));
    }

    /** As a record from source {@code source}, for running exemplars through screeners and topologies. */
    public FineTuneRecord toRecord(String id, String source) {
        return FineTuneRecord.newBuilder().setId(id).setSource(source).setDataset(category).setFormat("messages")
            .setMessages(messages).setMetadata(Map.of()).setIngestedAt(Instant.EPOCH).build();
    }
}
