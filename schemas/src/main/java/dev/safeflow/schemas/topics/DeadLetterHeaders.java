package dev.safeflow.schemas.topics;

/**
 * Header names on {@code ft.dlq} records. Every rejected input carries at least the reason and the
 * source; file and line when it came from a file, so a person can find and fix the original.
 */
public final class DeadLetterHeaders {
    public static final String REASON = "safeflow.reason";
    public static final String DETAIL = "safeflow.detail";
    public static final String SOURCE = "safeflow.source";
    public static final String FILE = "safeflow.file";
    public static final String LINE = "safeflow.line";
    public static final String STAGE = "safeflow.stage";
    public static final String ORIGINAL_TOPIC = "safeflow.original-topic";
    public static final String ORIGINAL_PARTITION = "safeflow.original-partition";
    public static final String ORIGINAL_OFFSET = "safeflow.original-offset";
    /** On a dead letter cut to fit a Kafka request: the size of the whole record, in bytes. */
    public static final String ORIGINAL_BYTES = "safeflow.original-bytes";
    /** On a dead letter cut to fit a Kafka request: sha256 (hex) of the whole record, to match it with the sender's copy. */
    public static final String ORIGINAL_SHA256 = "safeflow.original-sha256";

    private DeadLetterHeaders() {
    }
}
