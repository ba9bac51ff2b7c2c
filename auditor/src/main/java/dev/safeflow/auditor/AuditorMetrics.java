package dev.safeflow.auditor;

import dev.safeflow.avro.AuditedRecord;
import dev.safeflow.avro.Verdict;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters for {@code /metrics}: verdicts and reasons as this instance decided them. They count
 * work done, so a record reprocessed after a crash counts twice here though it is written once.
 */
public final class AuditorMetrics {
    private final LongAdder clean = new LongAdder();
    private final LongAdder quarantined = new LongAdder();
    private final Map<String, LongAdder> reasons = new ConcurrentHashMap<>();

    void record(AuditedRecord decided) {
        if (decided.getVerdict() == Verdict.CLEAN) {
            clean.increment();
        } else {
            quarantined.increment();
            decided.getReasons().forEach(r -> reasons.computeIfAbsent(r, k -> new LongAdder()).increment());
        }
    }

    public long clean() {
        return clean.sum();
    }

    public long quarantined() {
        return quarantined.sum();
    }

    public Map<String, Long> reasons() {
        Map<String, Long> out = new java.util.TreeMap<>();
        reasons.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }
}
