package dev.safeflow.records;

import com.fasterxml.jackson.databind.JsonNode;
import dev.safeflow.avro.FineTuneRecord;

/** The outcome of parsing one input record: a valid {@link FineTuneRecord} or a rejection with the raw bytes. */
public sealed interface Parsed {
    Provenance provenance();

    /**
     * {@code fields} is the input object the record was mapped from, so a caller can read fields the shape
     * does not use (a label, a category).
     */
    record Accepted(FineTuneRecord record, JsonNode fields, Provenance provenance) implements Parsed {
    }

    /** {@code raw} is what arrived (truncated for too-large records); {@code detail} says what is wrong in one line. */
    record Rejected(RejectReason reason, String detail, byte[] raw, Provenance provenance) implements Parsed {
    }
}
