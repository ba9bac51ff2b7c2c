package dev.safeflow.records;

/** Why an input record went to {@code ft.dlq}; the wire name is the {@code safeflow.reason} header. */
public enum RejectReason {
    MALFORMED_JSON("malformed-json"),
    MALFORMED_CSV("malformed-csv"),
    UNKNOWN_SHAPE("unknown-shape"),
    EMPTY_CONTENT("empty-content"),
    TOO_LARGE("too-large"),
    INVALID_UTF8("invalid-utf8"),
    /** A bridged topic's value is not in the registry's wire format or does not decode with its writer's schema. */
    MALFORMED_AVRO("malformed-avro"),
    /** A mapping file names a value the record does not have (or has in a form that is not text). */
    UNMAPPED("unmapped");

    private final String wireName;

    RejectReason(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}
