package dev.safeflow.ingest;

import java.util.Locale;

/** The record shapes ingest understands; the wire name is what {@code FineTuneRecord.format} and metadata carry. */
public enum InputFormat {
    AUTO("auto"),
    ALPACA("alpaca"),
    MESSAGES("messages"),
    SHAREGPT("sharegpt"),
    PROMPT_COMPLETION("prompt-completion"),
    TEXT("text");

    private final String wireName;

    InputFormat(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static InputFormat parse(String name) {
        for (InputFormat f : values()) {
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
