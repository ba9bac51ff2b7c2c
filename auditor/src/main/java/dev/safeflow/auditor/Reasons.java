package dev.safeflow.auditor;

/** The reason strings written to {@code AuditedRecord.reasons}; consumers and dashboards match on them. */
public final class Reasons {
    /** Prefix of validation failures: {@code invalid:empty-turn}. */
    public static final String INVALID = "invalid:";
    public static final String BLOCKED_SOURCE = "blocked-source";
    /** Marks a replay on its way to the statistics only; it never reaches ft.clean or ft.quarantine. */
    public static final String DUPLICATE = "duplicate";
    /** Prefix of a screener that threw on a record: the record is quarantined, never passed unscreened. */
    public static final String SCREENER_ERROR = "screener-error:";

    private Reasons() {
    }
}
