package dev.safeflow.auditor;

import dev.safeflow.avro.AuditedRecord;
import dev.safeflow.avro.SourceBlock;
import dev.safeflow.schemas.identity.SourceName;
import dev.safeflow.schemas.topics.Topic;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * The block decisions in force, as a global store every instance holds whole, filled from
 * {@code audit.blocked-sources} only through {@link Guard}: an event counts when it is signed with the control key
 * (when one is configured), names a canonical source equal to its key, and is not older than the decision it
 * replaces. A bare tombstone never lifts a block; a signed unblock does. Kafka Streams runs the guard again when
 * it restores the store, so a refused event never reaches it by way of a restart either.
 */
final class BlockTable {
    private BlockTable() {
    }

    static void add(StreamsBuilder builder, Topic<String, SourceBlock> topic, String storeName, ControlPlane control) {
        builder.addGlobalStore(
            Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(storeName), Serdes.String(), topic.valueSerde())
                .withLoggingDisabled(), // a global store is restored from its own topic
            topic.name(), Consumed.with(Serdes.String(), topic.valueSerde()).withName("read-blocked-sources"),
            () -> new Guard(storeName, control));
    }

    /** Adds {@link Reasons#BLOCKED_SOURCE} to a record whose (canonical) source has a block in force. */
    static final class Lookup implements FixedKeyProcessor<String, AuditedRecord, AuditedRecord> {
        private final String storeName;
        private FixedKeyProcessorContext<String, AuditedRecord> context;
        private KeyValueStore<String, SourceBlock> store;

        Lookup(String storeName) {
            this.storeName = storeName;
        }

        @Override
        public void init(FixedKeyProcessorContext<String, AuditedRecord> context) {
            this.context = context;
            this.store = context.getStateStore(storeName);
        }

        @Override
        public void process(FixedKeyRecord<String, AuditedRecord> in) {
            SourceBlock block = store.get(in.value().getRecord().getSource());
            if (block == null || !block.getBlocked()) {
                context.forward(in);
                return;
            }
            List<String> reasons = new ArrayList<>(in.value().getReasons());
            reasons.add(Reasons.BLOCKED_SOURCE);
            context.forward(in.withValue(AuditedRecord.newBuilder(in.value()).setReasons(reasons).build()));
        }
    }

    static final class Guard implements Processor<String, SourceBlock, Void, Void> {
        private final String storeName;
        private final ControlPlane control;
        private KeyValueStore<String, SourceBlock> store;

        Guard(String storeName, ControlPlane control) {
            this.storeName = storeName;
            this.control = control;
        }

        @Override
        public void init(ProcessorContext<Void, Void> context) {
            store = context.getStateStore(storeName);
        }

        @Override
        public void process(Record<String, SourceBlock> event) {
            String key = event.key() == null ? "" : event.key();
            SourceBlock inForce = store.get(key);
            String why = refusal(key, event.value(), inForce);
            if (why == null) {
                store.put(key, event.value());
            } else {
                control.refused(key, event.value(), why, inForce);
            }
        }

        private String refusal(String key, SourceBlock b, SourceBlock inForce) {
            if (b == null) {
                return "a tombstone cannot lift a block; run 'safeflow auditor unblock " + key + "' with the control key";
            }
            String unsigned = control.signer().problem(b);
            if (unsigned != null) {
                return unsigned;
            }
            if (!b.getSource().equals(key) || !key.equals(SourceName.normaliseOrNull(key))) {
                return "its key '" + key + "' and source '" + b.getSource() + "' are not one canonical source name";
            }
            if (inForce != null && b.getAt().isBefore(inForce.getAt())) {
                return "it is dated " + b.getAt() + ", before the decision in force (" + inForce.getAt() + "): a replay";
            }
            return null;
        }
    }
}
