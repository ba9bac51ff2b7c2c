package dev.safeflow.auditor;

import dev.safeflow.auditor.screen.ScreeningCascade;
import dev.safeflow.avro.AuditedRecord;
import dev.safeflow.avro.FineTuneRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;

/**
 * Screens records in batches. Records wait in a changelogged store, not only in memory: under
 * exactly_once_v2 a commit covers the input offsets of buffered records, so a buffer that a crash
 * could lose would lose records. A batch is screened when it is full or when it has waited
 * {@code maxWait} (wall clock), whichever comes first. Records already quarantined (invalid,
 * blocked source) pass straight through: no screener could change their verdict.
 *
 * <p>The store is cached, so a record put and screened within one commit interval costs a small
 * tombstone in the changelog at commit instead of its whole value; the batch itself is read back from
 * an in-memory copy of the store's content, not decoded from it again. The copy is rebuilt from the
 * store whenever the task (re)starts.
 */
final class ScreeningProcessor implements Processor<String, AuditedRecord, String, AuditedRecord> {
    static final String STORE = "screen-buffer";

    private final ScreeningCascade cascade;
    private final int batchSize;
    private final Duration maxWait;
    private ProcessorContext<String, AuditedRecord> context;
    private TimestampedKeyValueStore<String, AuditedRecord> buffer;
    /** What {@link #buffer} holds, in arrival order. */
    private final Map<String, Record<String, AuditedRecord>> waiting = new LinkedHashMap<>();

    ScreeningProcessor(ScreeningCascade cascade, int batchSize, Duration maxWait) {
        this.cascade = cascade;
        this.batchSize = batchSize;
        this.maxWait = maxWait;
    }

    static StoreBuilder<TimestampedKeyValueStore<String, AuditedRecord>> store(Serde<AuditedRecord> serde) {
        return Stores.timestampedKeyValueStoreBuilder(Stores.persistentTimestampedKeyValueStore(STORE), Serdes.String(), serde)
            .withCachingEnabled();
    }

    @Override
    public void init(ProcessorContext<String, AuditedRecord> context) {
        this.context = context;
        this.buffer = context.getStateStore(STORE);
        // After a restart the restored buffer still holds records: they are the next batch's first.
        waiting.clear();
        try (KeyValueIterator<String, ValueAndTimestamp<AuditedRecord>> it = buffer.all()) {
            while (it.hasNext()) {
                KeyValue<String, ValueAndTimestamp<AuditedRecord>> kv = it.next();
                waiting.put(kv.key, new Record<>(kv.key, kv.value.value(), kv.value.timestamp()));
            }
        }
        context.schedule(maxWait, PunctuationType.WALL_CLOCK_TIME, now -> flush());
    }

    @Override
    public void process(Record<String, AuditedRecord> record) {
        if (!record.value().getReasons().isEmpty()) {
            context.forward(record);
            return;
        }
        if (batchSize == 1 && waiting.isEmpty()) {
            // Nothing to batch with: screen now and spare the store a put and a tombstone per record.
            context.forward(record.withValue(screened(record.value(), cascade.screen(List.of(record.value().getRecord())).get(0))));
            return;
        }
        if (waiting.containsKey(record.key())) {
            flush();
        }
        buffer.put(record.key(), ValueAndTimestamp.make(record.value(), record.timestamp()));
        waiting.put(record.key(), record);
        if (waiting.size() >= batchSize) {
            flush();
        }
    }

    private void flush() {
        if (waiting.isEmpty()) {
            return;
        }
        List<Record<String, AuditedRecord>> batch = new ArrayList<>(waiting.values());
        List<FineTuneRecord> records = batch.stream().map(r -> r.value().getRecord()).toList();
        List<ScreeningCascade.Result> results = cascade.screen(records);
        for (int i = 0; i < batch.size(); i++) {
            Record<String, AuditedRecord> r = batch.get(i);
            context.forward(r.withValue(screened(r.value(), results.get(i))));
            buffer.delete(r.key());
        }
        waiting.clear();
    }

    /** In place: the pending record is this processor's alone once buffered, and a builder would deep-copy it. */
    private static AuditedRecord screened(AuditedRecord pending, ScreeningCascade.Result result) {
        pending.setScores(result.scores());
        pending.setReasons(result.reasons());
        pending.setDecisionPath(result.path());
        return pending;
    }
}
