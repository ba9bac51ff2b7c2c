package dev.safeflow.ingest;

import dev.safeflow.records.Parsed;
import dev.safeflow.records.RejectReason;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;

/** Running totals of one ingest (a file run or the HTTP server); safe to update from many threads. */
public final class IngestCounters {
    private final LongAdder read = new LongAdder();
    private final LongAdder produced = new LongAdder();
    private final LongAdder skipped = new LongAdder();
    private final Map<RejectReason, LongAdder> rejected = new EnumMap<>(RejectReason.class);
    private final Map<String, LongAdder> formats = new ConcurrentHashMap<>();

    public IngestCounters() {
        for (RejectReason r : RejectReason.values()) {
            rejected.put(r, new LongAdder());
        }
    }

    /** Counts one parsed record: produced with its format, or rejected with its reason. */
    public void count(Parsed parsed) {
        if (parsed instanceof Parsed.Accepted a) {
            produced(a.record().getFormat());
        } else if (parsed instanceof Parsed.Rejected r) {
            rejected(r.reason(), 1);
        }
    }

    /** One record read and produced in the given format. */
    public void produced(String format) {
        read.increment();
        produced.increment();
        formats.computeIfAbsent(format, f -> new LongAdder()).increment();
    }

    /** {@code n} records read and rejected for one reason. */
    public void rejected(RejectReason reason, long n) {
        read.add(n);
        rejected.get(reason).add(n);
    }

    /** A line a resumed run did not read again because an earlier run already wrote it. */
    public void skipped(long n) {
        skipped.add(n);
    }

    public long read() {
        return read.sum();
    }

    public long produced() {
        return produced.sum();
    }

    public long skipped() {
        return skipped.sum();
    }

    public long rejected() {
        return rejected.values().stream().mapToLong(LongAdder::sum).sum();
    }

    public long rejected(RejectReason reason) {
        return rejected.get(reason).sum();
    }

    public Map<String, Long> formats() {
        return formats.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().sum()));
    }

    /** "read 10, produced 8, rejected 2 (malformed-json 1, too-large 1)". */
    public String summary() {
        StringBuilder out = new StringBuilder();
        out.append("read ").append(read()).append(", produced ").append(produced()).append(", rejected ").append(rejected());
        String reasons = rejected.entrySet().stream().filter(e -> e.getValue().sum() > 0)
            .map(e -> e.getKey().wireName() + " " + e.getValue().sum()).collect(Collectors.joining(", "));
        if (!reasons.isEmpty()) {
            out.append(" (").append(reasons).append(')');
        }
        if (skipped() > 0) {
            out.append("; skipped ").append(skipped()).append(" already ingested by an earlier run");
        }
        String shapes = formats().entrySet().stream().sorted(Map.Entry.comparingByKey())
            .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
        if (!shapes.isEmpty()) {
            out.append("; formats: ").append(shapes);
        }
        return out.toString();
    }
}
