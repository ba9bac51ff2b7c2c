package dev.safeflow.auditor;

import dev.safeflow.auditor.screen.ScreeningCascade;
import dev.safeflow.avro.AuditedRecord;
import dev.safeflow.avro.FineTuneRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
 * Screens records in batches. Records wait in a changelogged store, not in memory: under
 * exactly_once_v2 a commit covers the input offsets of buffered records, so a buffer that a crash
 * could lose would lose records. A batch is screened when it is full or when it has waited
 * {@code maxWait} (wall clock), whichever comes first. Records already quarantined (invalid,
 * blocked source) pass straight through: no screener could change their verdict.
 */
final class ScreeningProcessor implements Processor<String, AuditedRecord, String, AuditedRecord> {
    static final String STORE = "screen-buffer";

    private final ScreeningCascade cascade;
    private final int batchSize;
    private final Duration maxWait;
    private ProcessorContext<String, AuditedRecord> context;
    private TimestampedKeyValueStore<String, AuditedRecord> buffer;
    private int buffered;

    ScreeningProcessor(ScreeningCascade cascade, int batchSize, Duration maxWait) {
        this.cascade = cascade;
        this.batchSize = batchSize;
        this.maxWait = maxWait;
    }

    static StoreBuilder<TimestampedKeyValueStore<String, AuditedRecord>> store(Serde<AuditedRecord> serde) {
        return Stores.timestampedKeyValueStoreBuilder(Stores.persistentTimestampedKeyValueStore(STORE), Serdes.String(), serde);
    }

    @Override
    public void init(ProcessorContext<String, AuditedRecord> context) {
        this.context = context;
        this.buffer = context.getStateStore(STORE);
        // After a restart the restored buffer still holds records; count them so the next batch fills correctly.
        try (KeyValueIterator<String, ValueAndTimestamp<AuditedRecord>> it = buffer.all()) {
            while (it.hasNext()) {
                it.next();
                buffered++;
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
        if (batchSize == 1 && buffered == 0) {
            // Nothing to batch with: screen now and spare the store a put and a tombstone per record.
            context.forward(record.withValue(screened(record.value(), cascade.screen(List.of(record.value().getRecord())).get(0))));
            return;
        }
        if (buffer.get(record.key()) != null) {
            flush();
        }
        buffer.put(record.key(), ValueAndTimestamp.make(record.value(), record.timestamp()));
        buffered++;
        if (buffered >= batchSize) {
            flush();
        }
    }

    private void flush() {
        if (buffered == 0) {
            return;
        }
        List<KeyValue<String, ValueAndTimestamp<AuditedRecord>>> batch = new ArrayList<>(buffered);
        try (KeyValueIterator<String, ValueAndTimestamp<AuditedRecord>> it = buffer.all()) {
            it.forEachRemaining(batch::add);
        }
        List<FineTuneRecord> records = batch.stream().map(kv -> kv.value.value().getRecord()).toList();
        List<ScreeningCascade.Result> results = cascade.screen(records);
        for (int i = 0; i < batch.size(); i++) {
            KeyValue<String, ValueAndTimestamp<AuditedRecord>> kv = batch.get(i);
            context.forward(new Record<>(kv.key, screened(kv.value.value(), results.get(i)), kv.value.timestamp()));
            buffer.delete(kv.key);
        }
        buffered = 0;
    }

    private static AuditedRecord screened(AuditedRecord pending, ScreeningCascade.Result result) {
        return AuditedRecord.newBuilder(pending).setScores(result.scores()).setReasons(result.reasons())
            .setDecisionPath(result.path()).build();
    }
}
