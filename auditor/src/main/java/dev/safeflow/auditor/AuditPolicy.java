package dev.safeflow.auditor;

import dev.safeflow.schemas.config.Settings;
import java.time.Duration;

/**
 * The figures the topology is built with, read once from configuration so the topology code never
 * touches {@link Settings}. Documentation of each lives on its key in {@link AuditorConfig}.
 */
public record AuditPolicy(int maxChars, Duration dedupWindow, int batchSize, Duration batchMaxWait,
                          Duration statsWindow, Duration statsGrace, Duration statsRetention,
                          double alertRate, long alertMinRecords, int blockAfterBadWindows, String auditorVersion) {

    public static AuditPolicy from(Settings s) {
        return new AuditPolicy(s.get(AuditorConfig.MAX_TURN_CHARS), s.get(AuditorConfig.DEDUP_WINDOW),
            s.get(AuditorConfig.BATCH_SIZE), s.get(AuditorConfig.BATCH_MAX_WAIT), s.get(AuditorConfig.STATS_WINDOW),
            s.get(AuditorConfig.STATS_GRACE), s.get(AuditorConfig.STATS_RETENTION), s.get(AuditorConfig.ALERT_RATE),
            s.get(AuditorConfig.ALERT_MIN_RECORDS), s.get(AuditorConfig.BLOCK_AFTER),
            "safeflow-auditor/" + version() + " screeners=" + String.join(",", s.get(AuditorConfig.SCREENERS)));
    }

    /** The jar's version; "dev" when running from classes (tests, IDE). */
    private static String version() {
        String v = AuditPolicy.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
