package dev.safeflow.embedded.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;

/**
 * Confluent's compatibility levels, checked with Avro's own {@link SchemaCompatibility}. BACKWARD
 * (the default): consumers on the new schema read data written with the previous one.
 */
public enum CompatibilityLevel {
    NONE, BACKWARD, BACKWARD_TRANSITIVE, FORWARD, FORWARD_TRANSITIVE, FULL, FULL_TRANSITIVE;

    public static CompatibilityLevel parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("unknown compatibility level '" + text + "'");
        }
    }

    /**
     * Problems that forbid registering {@code candidate} after {@code previous} (oldest first); empty when allowed.
     */
    public List<String> check(Schema candidate, List<Schema> previous) {
        if (this == NONE || previous.isEmpty()) {
            return List.of();
        }
        boolean transitive = name().endsWith("_TRANSITIVE");
        List<Schema> against = transitive ? previous : List.of(previous.get(previous.size() - 1));
        List<String> problems = new ArrayList<>();
        for (Schema old : against) {
            if (this != FORWARD && this != FORWARD_TRANSITIVE) {
                collect(SchemaCompatibility.checkReaderWriterCompatibility(candidate, old), "new schema cannot read old data", problems);
            }
            if (this != BACKWARD && this != BACKWARD_TRANSITIVE) {
                collect(SchemaCompatibility.checkReaderWriterCompatibility(old, candidate), "old schema cannot read new data", problems);
            }
        }
        return problems;
    }

    private static void collect(SchemaPairCompatibility result, String direction, List<String> problems) {
        if (result.getType() != SchemaCompatibilityType.COMPATIBLE) {
            result.getResult().getIncompatibilities().forEach(i ->
                problems.add(direction + ": " + i.getType() + " at " + i.getLocation() + " (" + i.getMessage() + ")"));
        }
    }
}
