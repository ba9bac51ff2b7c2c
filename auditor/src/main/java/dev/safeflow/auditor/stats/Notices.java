package dev.safeflow.auditor.stats;

import dev.safeflow.avro.Alert;
import dev.safeflow.avro.Severity;
import dev.safeflow.avro.SourceBlock;
import dev.safeflow.avro.SourceStats;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** The alerts and blocks the auditor raises from closed windows, worded for the people who read them. */
public final class Notices {
    public static final String ORIGIN = "auditor";

    private Notices() {
    }

    public static Alert quarantineRate(WindowOutcome o, double threshold) {
        SourceStats s = o.stats();
        return alert("quarantine-rate", s, Severity.WARNING, String.format(
            "source %s had %d of %d records quarantined (%.0f%% > %.0f%%) in the window from %s: review ft.quarantine for it",
            s.getSource(), s.getQuarantined(), s.getCount(), 100 * s.getQuarantineRate(), 100 * threshold, s.getWindowStart()),
            Map.of("rate", Double.toString(s.getQuarantineRate()), "threshold", Double.toString(threshold),
                "count", Long.toString(s.getCount()), "badStreak", Integer.toString(o.badStreak())));
    }

    public static Alert sourceBlocked(WindowOutcome o, int badWindows) {
        SourceStats s = o.stats();
        return alert("source-blocked", s, Severity.CRITICAL, String.format(
            "source %s is blocked after %d bad windows in a row: all its records now go to quarantine; "
                + "run 'safeflow auditor unblock %s' once it is fixed", s.getSource(), badWindows, s.getSource()),
            Map.of("badWindows", Integer.toString(badWindows), "rate", Double.toString(s.getQuarantineRate())));
    }

    public static SourceBlock block(WindowOutcome o, int badWindows, double threshold) {
        SourceStats s = o.stats();
        return new SourceBlock(s.getSource(), true, String.format("%d consecutive windows with quarantine rate above %.0f%%, last ending %s",
            badWindows, 100 * threshold, s.getWindowEnd()), ORIGIN, Instant.now(), "");
    }

    /** Ids are derived from what the alert is about, so a consumer can drop a re-raised copy. */
    private static Alert alert(String kind, SourceStats s, Severity severity, String message, Map<String, String> attributes) {
        String id = UUID.nameUUIDFromBytes((kind + "|" + s.getSource() + "|" + s.getWindowStart().toEpochMilli())
            .getBytes(StandardCharsets.UTF_8)).toString();
        return new Alert(id, s.getSource(), kind, severity, message, ORIGIN, new java.util.HashMap<>(attributes), Instant.now());
    }
}
