package dev.safeflow.records;

import java.util.Locale;

/** The record shapes safeflow reads; the wire name is what {@code FineTuneRecord.format} and metadata carry. */
public enum RecordShape {
    AUTO("auto"),
    ALPACA("alpaca"),
    MESSAGES("messages"),
    SHAREGPT("sharegpt"),
    PROMPT_COMPLETION("prompt-completion"),
    TEXT("text");

    private final String wireName;

    RecordShape(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static RecordShape parse(String name) {
        for (RecordShape f : values()) {
            if (f.wireName.equalsIgnoreCase(name.trim()) || f.name().equalsIgnoreCase(name.trim())) {
                return f;
            }
        }
        throw new IllegalArgumentException("format '" + name + "' is unknown: use auto, alpaca, messages, sharegpt, "
            + "prompt-completion or text");
    }

    @Override
    public String toString() {
        return wireName.toLowerCase(Locale.ROOT);
    }
}
