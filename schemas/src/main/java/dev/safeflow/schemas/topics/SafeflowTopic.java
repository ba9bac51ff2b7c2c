package dev.safeflow.schemas.topics;

/**
 * Every topic safeflow uses (DESIGN.md, "Topics"). Names here are suffixes; the catalog adds the
 * configured prefix. Compacted topics hold the latest value per key: block state and metrics.
 */
public enum SafeflowTopic {
    FT_RAW("ft.raw", Kind.DATA, false, "FineTuneRecords from ingest, keyed by record id"),
    FT_DLQ("ft.dlq", Kind.DATA, false, "rejected input: raw bytes with reason, file, line and source headers"),
    FT_CLEAN("ft.clean", Kind.DATA, false, "AuditedRecords the auditor passed, for the trainer"),
    FT_QUARANTINE("ft.quarantine", Kind.DATA, false, "AuditedRecords the auditor held back, with reasons"),
    AUDIT_STATS("audit.stats", Kind.DATA, false, "SourceStats per source and window"),
    AUDIT_BLOCKED_SOURCES("audit.blocked-sources", Kind.CONTROL, true, "SourceBlock per source, latest wins"),
    ALERTS("alerts", Kind.CONTROL, false, "Alerts for people, keyed by subject"),
    MODEL_CHECKPOINTS("model.checkpoints", Kind.CONTROL, false, "CheckpointEvents, keyed by run id"),
    SAFETY_METRICS("safety.metrics", Kind.CONTROL, true, "SafetyMetrics keyed by checkpoint id and suite, latest wins"),
    MODEL_PROMOTIONS("model.promotions", Kind.CONTROL, false, "PromotionDecisions, keyed by run id");

    /** DATA topics carry the record stream and take the configured partition count; CONTROL topics are low-volume and have one. */
    public enum Kind { DATA, CONTROL }

    private final String suffix;
    private final Kind kind;
    private final boolean compacted;
    private final String description;

    SafeflowTopic(String suffix, Kind kind, boolean compacted, String description) {
        this.suffix = suffix;
        this.kind = kind;
        this.compacted = compacted;
        this.description = description;
    }

    public String suffix() {
        return suffix;
    }

    public Kind kind() {
        return kind;
    }

    public boolean compacted() {
        return compacted;
    }

    public String description() {
        return description;
    }
}
