package dev.safeflow.auditor;

import dev.safeflow.avro.AuditedRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;

/**
 * Drops replays: the stream arrives keyed by content hash, and a hash already seen within the window
 * is forwarded marked {@link Reasons#DUPLICATE} (for the statistics) instead of as a new record. The
 * window store is changelogged, so a restarted instance remembers what it has seen.
 */
final class Deduplicator implements FixedKeyProcessor<String, AuditedRecord, AuditedRecord> {
    static final String STORE = "dedup-seen";

    private final long windowMs;
    private FixedKeyProcessorContext<String, AuditedRecord> context;
    private WindowStore<String, Long> seen;

    Deduplicator(Duration window) {
        this.windowMs = window.toMillis();
    }

    static StoreBuilder<WindowStore<String, Long>> store(Duration window) {
        // Cached: a commit interval's hashes reach RocksDB and the changelog as one batch.
        return Stores.windowStoreBuilder(Stores.persistentWindowStore(STORE, window, window, false),
            Serdes.String(), Serdes.Long()).withCachingEnabled();
    }

    @Override
    public void init(FixedKeyProcessorContext<String, AuditedRecord> context) {
        this.context = context;
        this.seen = context.getStateStore(STORE);
    }

    @Override
    public void process(FixedKeyRecord<String, AuditedRecord> in) {
        long ts = in.timestamp();
        if (seenWithinWindow(in.key(), ts)) {
            in.value().setReasons(new ArrayList<>(List.of(Reasons.DUPLICATE)));
            context.forward(in);
            return;
        }
        seen.put(in.key(), ts, ts);
        context.forward(in);
    }

    private boolean seenWithinWindow(String hash, long ts) {
        // Both directions: a replay may carry an older timestamp than the copy that arrived first.
        try (var it = seen.fetch(hash, Math.max(0, ts - windowMs), ts + windowMs)) {
            return it.hasNext();
        }
    }
}
