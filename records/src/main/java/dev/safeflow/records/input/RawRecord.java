package dev.safeflow.records.input;

import com.fasterxml.jackson.databind.JsonNode;
import dev.safeflow.records.RejectReason;

/**
 * One record as a container reader cut it out of the input, before validation.
 *
 * @param line        1-based line of the record's start (JSONL, CSV) or of its element (JSON array)
 * @param raw         the bytes as they arrived, at most the size limit (the rest is dropped and counted)
 * @param totalBytes  the record's full size, so too-large records are reported with their real size
 * @param node        the record already parsed by the container (array element, CSV row), or null
 * @param error       a problem the container found (bad UTF-8, malformed CSV row), or null
 * @param detail      what the problem is, in one line
 */
public record RawRecord(long line, byte[] raw, long totalBytes, JsonNode node, RejectReason error, String detail) {

    public static RawRecord bytes(long line, byte[] raw, long totalBytes) {
        return new RawRecord(line, raw, totalBytes, null, null, null);
    }

    public static RawRecord parsed(long line, byte[] raw, JsonNode node) {
        return new RawRecord(line, raw, raw.length, node, null, null);
    }

    public static RawRecord failed(long line, byte[] raw, RejectReason error, String detail) {
        return new RawRecord(line, raw, raw.length, null, error, detail);
    }
}
