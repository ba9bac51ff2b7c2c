package dev.safeflow.auditor;

import dev.safeflow.avro.FineTuneRecord;
import dev.safeflow.schemas.topics.DeadLetterHeaders;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/**
 * Decodes {@code ft.raw} values inside the topology rather than in the source's deserializer: a
 * poison pill then becomes an ordinary record routed to {@code ft.dlq} in the same transaction as
 * the input offset, so dead letters are exactly-once too and the app never stops on one. The
 * failure's reason, detail and origin travel in {@link DeadLetterHeaders}. A record that decodes leaves with its
 * source in canonical form ({@link SourceIdentity}), so every later step keys, counts and blocks by that name.
 */
final class DecodeProcessor implements FixedKeyProcessor<String, byte[], Decoded> {
    static final String STAGE = "auditor-decode";

    private final String topic;
    private final Deserializer<FineTuneRecord> deserializer;
    private FixedKeyProcessorContext<String, Decoded> context;

    DecodeProcessor(String topic, Deserializer<FineTuneRecord> deserializer) {
        this.topic = topic;
        this.deserializer = deserializer;
    }

    @Override
    public void init(FixedKeyProcessorContext<String, Decoded> context) {
        this.context = context;
    }

    @Override
    public void process(FixedKeyRecord<String, byte[]> in) {
        byte[] raw = in.value();
        if (raw == null) {
            // A tombstone on ft.raw is not a record: nothing to train on, nothing to report.
            return;
        }
        try {
            FineTuneRecord record = SourceIdentity.canonical(deserializer.deserialize(topic, in.headers(), raw));
            context.forward(in.withValue(new Decoded(record, raw, null)));
        } catch (RuntimeException e) {
            String detail = e.getMessage() == null ? e.getClass().getName() : e.getMessage();
            context.forward(in.withValue(new Decoded(null, raw, detail)).withHeaders(deadLetterHeaders(in, detail)));
        }
    }

    private Headers deadLetterHeaders(FixedKeyRecord<String, byte[]> in, String detail) {
        Headers headers = new RecordHeaders(in.headers().toArray());
        put(headers, DeadLetterHeaders.REASON, "undecodable");
        put(headers, DeadLetterHeaders.DETAIL, detail.length() > 1000 ? detail.substring(0, 1000) : detail);
        put(headers, DeadLetterHeaders.SOURCE, "unknown");
        put(headers, DeadLetterHeaders.STAGE, STAGE);
        context.recordMetadata().ifPresent(m -> {
            put(headers, DeadLetterHeaders.ORIGINAL_TOPIC, m.topic());
            put(headers, DeadLetterHeaders.ORIGINAL_PARTITION, Integer.toString(m.partition()));
            put(headers, DeadLetterHeaders.ORIGINAL_OFFSET, Long.toString(m.offset()));
        });
        return headers;
    }

    private static void put(Headers headers, String name, String value) {
        headers.remove(name);
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
