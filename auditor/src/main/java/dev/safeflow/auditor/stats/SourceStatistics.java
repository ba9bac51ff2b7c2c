package dev.safeflow.auditor.stats;

import dev.safeflow.auditor.Reasons;
import dev.safeflow.avro.AuditedRecord;
import dev.safeflow.avro.SourceStats;
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
        return add(source, Tally.of(audited), running);
    }

    /**
     * Adds one verdict's tally. Updates {@code running} in place: the aggregation hands each call a value
     * freshly read from its store, which nobody else holds, so a copy per record would only cost.
     */
    public static SourceStats add(String source, Tally tally, SourceStats running) {
        running.setSource(source);
        if (tally.duplicate()) {
            running.setDuplicates(running.getDuplicates() + 1);
            return running;
        }
        running.setCount(running.getCount() + 1);
        if (tally.quarantined()) {
            running.setQuarantined(running.getQuarantined() + 1);
            Map<String, Long> reasons = new HashMap<>(running.getReasons());
            tally.reasons().forEach(r -> reasons.merge(r, 1L, Long::sum));
            running.setReasons(reasons);
        }
        running.setQuarantineRate((double) running.getQuarantined() / running.getCount());
        return running;
    }

    public static SourceStats withWindow(SourceStats stats, Window window) {
        return SourceStats.newBuilder(stats).setWindowStart(Instant.ofEpochMilli(window.start()))
            .setWindowEnd(Instant.ofEpochMilli(window.end())).build();
    }
}
