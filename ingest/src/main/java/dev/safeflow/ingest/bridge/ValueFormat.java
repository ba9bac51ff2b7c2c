package dev.safeflow.ingest.bridge;

import java.util.Locale;

/** How a bridged topic's values are encoded. */
public enum ValueFormat {
    /** UTF-8 JSON; the mapping reads it by JSON Pointer. */
    JSON,
    /** The registry's wire format, any schema, read with the writer's schema by the id in each value. */
    AVRO,
    /** UTF-8 text; the mapping sees {@code {"text": VALUE}}. */
    TEXT;

    public static ValueFormat parse(String name) {
        for (ValueFormat f : values()) {
            if (f.name().equalsIgnoreCase(name.strip())) {
                return f;
            }
        }
        throw new IllegalArgumentException("--format " + name + " is unknown: use json, avro or text");
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
