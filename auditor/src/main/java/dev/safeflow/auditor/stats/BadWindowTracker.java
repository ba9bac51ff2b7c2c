package dev.safeflow.auditor.stats;

import dev.safeflow.avro.SourceBlock;
import dev.safeflow.avro.SourceStats;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.ValueAndTimestamp;

/**
 * Judges each closed window of a source and counts consecutive bad ones; the Nth in a row blocks
 * the source. A blocked source's windows are all quarantine by construction, so they neither alert
 * nor count: the streak starts again from zero once an operator unblocks it.
 */
public final class BadWindowTracker implements FixedKeyProcessor<String, SourceStats, WindowOutcome> {
    public static final String STORE = "bad-window-streak";

    private final String blockedStore;
    private final double rateThreshold;
    private final long minRecords;
    private final int blockAfter;
    private FixedKeyProcessorContext<String, WindowOutcome> context;
    private KeyValueStore<String, Integer> streaks;

    public BadWindowTracker(String blockedStore, double rateThreshold, long minRecords, int blockAfter) {
        this.blockedStore = blockedStore;
        this.rateThreshold = rateThreshold;
        this.minRecords = minRecords;
        this.blockAfter = blockAfter;
    }

    public static StoreBuilder<KeyValueStore<String, Integer>> store() {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE), Serdes.String(), Serdes.Integer());
    }

    @Override
    public void init(FixedKeyProcessorContext<String, WindowOutcome> context) {
        this.context = context;
        this.streaks = context.getStateStore(STORE);
    }

    @Override
    public void process(FixedKeyRecord<String, SourceStats> in) {
        String source = in.key();
        SourceStats stats = in.value();
        boolean alreadyBlocked = isBlocked(source);
        boolean bad = !alreadyBlocked && stats.getCount() >= minRecords && stats.getQuarantineRate() > rateThreshold;
        int streak = bad ? nullToZero(streaks.get(source)) + 1 : 0;
        boolean block = bad && blockAfter > 0 && streak >= blockAfter;
        streaks.put(source, block ? 0 : streak);
        stats.setBlocked(alreadyBlocked || block);
        context.forward(in.withValue(new WindowOutcome(stats, bad, block, streak)));
    }

    /** The global table of blocks is readable from any processor; its values may come wrapped with their timestamp. */
    private boolean isBlocked(String source) {
        KeyValueStore<String, Object> blocks = context.getStateStore(blockedStore);
        Object value = blocks.get(source);
        if (value instanceof ValueAndTimestamp<?> vt) {
            value = vt.value();
        }
        return value instanceof SourceBlock b && b.getBlocked();
    }

    private static int nullToZero(Integer n) {
        return n == null ? 0 : n;
    }
}
