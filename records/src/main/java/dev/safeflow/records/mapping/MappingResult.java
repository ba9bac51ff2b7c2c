package dev.safeflow.records.mapping;

import dev.safeflow.avro.FineTuneRecord;
import dev.safeflow.records.RejectReason;

/** What one input became: a record for {@code ft.raw}, or the reason it goes to {@code ft.dlq}. */
public sealed interface MappingResult {
    record Mapped(FineTuneRecord record) implements MappingResult {
    }

    /** {@code detail} is one line naming the mapping key and the path that failed, e.g. "response: no value at /answer". */
    record Unmapped(RejectReason reason, String detail) implements MappingResult {
    }
}
