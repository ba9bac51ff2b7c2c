package dev.safeflow.records;

/** Why an input record went to {@code ft.dlq}; the wire name is the {@code safeflow.reason} header. */
public enum RejectReason {
    MALFORMED_JSON("malformed-json"),
    MALFORMED_CSV("malformed-csv"),
    UNKNOWN_SHAPE("unknown-shape"),
    EMPTY_CONTENT("empty-content"),
    TOO_LARGE("too-large"),
    INVALID_UTF8("invalid-utf8");

    private final String wireName;

    RejectReason(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}
