package dev.safeflow.ingest.bridge;

import dev.safeflow.avro.FineTuneRecord;
import dev.safeflow.ingest.IngestCounters;
import dev.safeflow.records.mapping.MappingResult;
import dev.safeflow.records.mapping.RecordMapping;
import dev.safeflow.schemas.registry.SchemaRegistryClient;
import dev.safeflow.schemas.topics.DeadLetterHeaders;
import dev.safeflow.schemas.topics.Topic;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * The topic bridge: an existing topic → decode and map → {@code ft.raw} (key: record id), or {@code ft.dlq} (key:
 * source) with the reason, the original topic, partition and offset, and the bytes as they arrived. Stateless, so
 * exactly-once comes from the transaction that commits the input offsets with the outputs.
 */
public final class BridgeTopology {
    public static final String STAGE = "bridge";

    /** What one input record became; exactly one of the two is set. */
    record Outcome(FineTuneRecord record, byte[] deadLetter) {
    }

    private BridgeTopology() {
    }

    public static Topology buildTopology(Settings s, Topic<String, FineTuneRecord> raw, Topic<String, byte[]> dlq,
                                         SchemaRegistryClient registry, IngestCounters counters, Clock clock) {
        StreamsBuilder builder = new StreamsBuilder();
        ValueMapper mapper = new ValueMapper(s.mapping(), s.format(), registry);
        builder.stream(s.from(), Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("read-" + STAGE))
            // Decode and map; the processor sees the input's topic, partition and offset for provenance.
            .process(() -> new MapProcessor(mapper, s.source(), counters, clock), Named.as("map"))
            .split(Named.as("outcome-"))
            // Mapped records go on as FineTuneRecords in safeflow's schema, keyed by id like every producer of ft.raw.
            .branch((id, o) -> o.record() != null, Branched.withConsumer(mapped -> mapped
                .mapValues(Outcome::record, Named.as("record"))
                .to(raw.name(), Produced.with(raw.keySerde(), raw.valueSerde()).withName("to-raw")), "mapped"))
            // Everything else keeps its bytes; the reason and where it came from are in the headers.
            .defaultBranch(Branched.withConsumer(rejected -> rejected
                .mapValues(Outcome::deadLetter, Named.as("bytes"))
                .to(dlq.name(), Produced.with(dlq.keySerde(), dlq.valueSerde()).withName("to-dlq")), "rejected"));
        return builder.build();
    }

    /** What the topology needs to know about the bridge. */
    public record Settings(String from, String source, ValueFormat format, RecordMapping mapping) {
    }

    private static final class MapProcessor implements Processor<byte[], byte[], String, Outcome> {
        private final ValueMapper mapper;
        private final String source;
        private final IngestCounters counters;
        private final Clock clock;
        private ProcessorContext<String, Outcome> context;

        MapProcessor(ValueMapper mapper, String source, IngestCounters counters, Clock clock) {
            this.mapper = mapper;
            this.source = source;
            this.counters = counters;
            this.clock = clock;
        }

        @Override
        public void init(ProcessorContext<String, Outcome> context) {
            this.context = context;
        }

        @Override
        public void process(Record<byte[], byte[]> in) {
            RecordMetadata where = context.recordMetadata().orElseThrow();
            Map<String, String> provenance = new LinkedHashMap<>();
            provenance.put("topic", where.topic());
            provenance.put("partition", Integer.toString(where.partition()));
            provenance.put("offset", Long.toString(where.offset()));
            provenance.put("input.format", mapper.format().toString());
            MappingResult result = mapper.map(where.topic(), in.value(), new RecordMapping.Context(source, provenance, clock.instant()));
            Headers headers = new RecordHeaders();
            add(headers, DeadLetterHeaders.SOURCE, source);
            add(headers, DeadLetterHeaders.ORIGINAL_TOPIC, where.topic());
            add(headers, DeadLetterHeaders.ORIGINAL_PARTITION, Integer.toString(where.partition()));
            add(headers, DeadLetterHeaders.ORIGINAL_OFFSET, Long.toString(where.offset()));
            if (result instanceof MappingResult.Mapped m) {
                counters.produced(m.record().getFormat());
                context.forward(new Record<>(m.record().getId(), new Outcome(m.record(), null), in.timestamp(), headers));
            } else if (result instanceof MappingResult.Unmapped u) {
                counters.rejected(u.reason(), 1);
                add(headers, DeadLetterHeaders.REASON, u.reason().wireName());
                add(headers, DeadLetterHeaders.DETAIL, u.detail());
                add(headers, DeadLetterHeaders.STAGE, STAGE);
                byte[] bytes = in.value() == null ? new byte[0] : in.value();
                context.forward(new Record<>(source, new Outcome(null, bytes), in.timestamp(), headers));
            }
        }

        private static void add(Headers headers, String name, String value) {
            headers.add(name, value.getBytes(StandardCharsets.UTF_8));
        }
    }
}
