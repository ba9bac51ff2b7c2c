package dev.safeflow.connect;

import com.fasterxml.jackson.databind.JsonNode;
import dev.safeflow.avro.FineTuneRecord;
import dev.safeflow.records.mapping.MappingResult;
import dev.safeflow.records.mapping.RecordMapping;
import dev.safeflow.schemas.registry.SchemaRegistryClient;
import dev.safeflow.schemas.registry.SchemaRegistryException;
import dev.safeflow.schemas.serde.AvroSerializer;
import dev.safeflow.schemas.topics.DeadLetterHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.header.Headers;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.transforms.Transformation;

/**
 * A single message transform that turns whatever a source connector reads (a JDBC row, an S3 line, a Debezium
 * change) into a {@link FineTuneRecord} for {@code ft.raw}, by the same mapping file the topic bridge uses. The
 * record leaves as bytes already in the registry's wire format, keyed by its id, so the connector's value converter
 * is {@code ByteArrayConverter} and its key converter {@code StringConverter}. A value the mapping cannot read is
 * routed to {@code ft.dlq} with the reason and its bytes instead of failing the task.
 */
public final class ToFineTuneRecord<R extends ConnectRecord<R>> implements Transformation<R> {
    public static final String STAGE = "connect";

    private TransformConfig config;
    private AvroSerializer<FineTuneRecord> serializer;

    @Override
    public void configure(Map<String, ?> props) {
        config = TransformConfig.from(props);
        serializer = new AvroSerializer<>(new SchemaRegistryClient(config.registryUrl(), config.registryAuth()), false);
    }

    @Override
    public R apply(R record) {
        Map<String, String> provenance = new LinkedHashMap<>();
        provenance.put("connect.topic", record.topic());
        if (record instanceof SourceRecord s && s.sourcePartition() != null) {
            provenance.put("connect.partition", String.valueOf(s.sourcePartition()));
            provenance.put("connect.offset", String.valueOf(s.sourceOffset()));
        }
        RecordMapping.Context context = new RecordMapping.Context(config.source(), provenance,
            Instant.ofEpochMilli(record.timestamp() != null ? record.timestamp() : System.currentTimeMillis()));
        MappingResult result = map(record.value(), context);
        Headers headers = new ConnectHeaders();
        headers.addString(DeadLetterHeaders.SOURCE, config.source());
        headers.addString(DeadLetterHeaders.ORIGINAL_TOPIC, record.topic());
        if (provenance.containsKey("connect.offset")) {
            headers.addString(DeadLetterHeaders.FILE, provenance.get("connect.partition"));
            headers.addString(DeadLetterHeaders.ORIGINAL_OFFSET, provenance.get("connect.offset"));
        }
        if (result instanceof MappingResult.Mapped m) {
            byte[] value = serialize(m.record());
            return record.newRecord(config.rawTopic(), null, Schema.STRING_SCHEMA, m.record().getId(), Schema.BYTES_SCHEMA,
                value, record.timestamp(), headers);
        }
        MappingResult.Unmapped u = (MappingResult.Unmapped) result;
        headers.addString(DeadLetterHeaders.REASON, u.reason().wireName());
        headers.addString(DeadLetterHeaders.DETAIL, u.detail());
        headers.addString(DeadLetterHeaders.STAGE, STAGE);
        return record.newRecord(config.dlqTopic(), null, Schema.STRING_SCHEMA, config.source(), Schema.BYTES_SCHEMA,
            rawBytes(record.value()), record.timestamp(), headers);
    }

    /** An unreachable registry is retriable: Connect retries the record (errors.retry.timeout) rather than losing it. */
    private byte[] serialize(FineTuneRecord record) {
        try {
            return serializer.serialize(config.rawTopic(), record);
        } catch (SerializationException e) {
            if (e.getCause() instanceof SchemaRegistryException r && r.isUnreachable()) {
                throw new RetriableException(r.getMessage(), r);
            }
            throw e;
        }
    }

    /** Strings and bytes are read in the configured format; structured values as the tree they already are. */
    private MappingResult map(Object value, RecordMapping.Context context) {
        if (value instanceof String text) {
            return config.mapping().apply(text.getBytes(StandardCharsets.UTF_8), config.stringsAreJson(), context);
        }
        if (value instanceof byte[] bytes) {
            return config.mapping().apply(bytes, config.stringsAreJson(), context);
        }
        if (value == null) {
            return config.mapping().apply((byte[]) null, config.stringsAreJson(), context);
        }
        return config.mapping().apply(ConnectValues.tree(value), context);
    }

    /** What a person needs to see on ft.dlq: the value as read, as text for strings and as JSON for structures. */
    private static byte[] rawBytes(Object value) {
        if (value == null) {
            return new byte[0];
        }
        if (value instanceof byte[] bytes) {
            return bytes;
        }
        if (value instanceof String text) {
            return text.getBytes(StandardCharsets.UTF_8);
        }
        JsonNode tree = ConnectValues.tree(value);
        return tree.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public ConfigDef config() {
        return TransformConfig.DEF;
    }

    @Override
    public void close() {
        if (serializer != null) {
            serializer.close();
        }
    }
}
