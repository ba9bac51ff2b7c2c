package dev.safeflow.auditor.stats;

import dev.safeflow.auditor.Reasons;
import dev.safeflow.avro.AuditedRecord;
import dev.safeflow.avro.SourceStats;
import dev.safeflow.avro.Verdict;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.streams.kstream.Window;

/** The pure arithmetic of a source's window: counting records, quarantines, replays and reasons. */
public final class SourceStatistics {
    private SourceStatistics() {
    }

    public static SourceStats empty() {
        return new SourceStats("", Instant.EPOCH, Instant.EPOCH, 0L, 0L, 0L, 0.0, new HashMap<>(), false);
    }

    /** Adds one audited record (or one replay, marked {@link Reasons#DUPLICATE}) to the window's running figures. */
    public static SourceStats add(String source, AuditedRecord audited, SourceStats running) {
        SourceStats next = SourceStats.newBuilder(running).setSource(source).setReasons(new HashMap<>(running.getReasons())).build();
        if (audited.getReasons().contains(Reasons.DUPLICATE)) {
            next.setDuplicates(next.getDuplicates() + 1);
            return next;
        }
        next.setCount(next.getCount() + 1);
        if (audited.getVerdict() == Verdict.QUARANTINED) {
            next.setQuarantined(next.getQuarantined() + 1);
            Map<String, Long> reasons = next.getReasons();
            audited.getReasons().forEach(r -> reasons.merge(r, 1L, Long::sum));
        }
        next.setQuarantineRate(next.getCount() == 0 ? 0.0 : (double) next.getQuarantined() / next.getCount());
        return next;
    }

    public static SourceStats withWindow(SourceStats stats, Window window) {
        return SourceStats.newBuilder(stats).setWindowStart(Instant.ofEpochMilli(window.start()))
            .setWindowEnd(Instant.ofEpochMilli(window.end())).build();
    }
}
