package dev.safeflow.auditor;

import dev.safeflow.avro.FineTuneRecord;

/**
 * A raw {@code ft.raw} value after decoding: the record, or the bytes and why they did not decode.
 * Lives only between two processors of one sub-topology, so it needs no serde.
 */
record Decoded(FineTuneRecord record, byte[] raw, String error) {
    boolean ok() {
        return record != null;
    }
}
