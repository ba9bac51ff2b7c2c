package dev.safeflow.ingest;

import dev.safeflow.avro.FineTuneRecord;

/** The outcome of parsing one input record: a valid {@link FineTuneRecord} or a rejection with the raw bytes. */
public sealed interface Parsed {
    Provenance provenance();

    record Accepted(FineTuneRecord record, Provenance provenance) implements Parsed {
    }

    /** {@code raw} is what arrived (truncated for too-large records); {@code detail} says what is wrong in one line. */
    record Rejected(RejectReason reason, String detail, byte[] raw, Provenance provenance) implements Parsed {
    }
}
