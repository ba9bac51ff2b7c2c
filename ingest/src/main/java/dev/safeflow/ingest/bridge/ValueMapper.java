package dev.safeflow.ingest.bridge;

import dev.safeflow.records.RejectReason;
import dev.safeflow.records.mapping.MappingResult;
import dev.safeflow.records.mapping.RecordMapping;
import dev.safeflow.schemas.registry.SchemaRegistryClient;
import dev.safeflow.schemas.registry.SchemaRegistryException;
import dev.safeflow.schemas.serde.AvroDeserializer;
import org.apache.kafka.common.errors.SerializationException;

/**
 * Decodes one bridged value in its format and applies the mapping. A value that cannot be decoded is the record's
 * fault and becomes a dead letter; a registry that cannot be reached is not, and is thrown so the record is retried.
 */
final class ValueMapper {
    private final RecordMapping mapping;
    private final ValueFormat format;
    private final AvroDeserializer<Object> avro;

    ValueMapper(RecordMapping mapping, ValueFormat format, SchemaRegistryClient registry) {
        this.mapping = mapping;
        this.format = format;
        // No target class: every value is read with its own writer's schema, whatever schema the topic carries.
        this.avro = format == ValueFormat.AVRO ? new AvroDeserializer<>(registry, null) : null;
    }

    ValueFormat format() {
        return format;
    }

    MappingResult map(String topic, byte[] value, RecordMapping.Context context) {
        if (format != ValueFormat.AVRO) {
            return mapping.apply(value, format == ValueFormat.JSON, context);
        }
        if (value == null) {
            return new MappingResult.Unmapped(RejectReason.UNMAPPED, "the record has no value (a tombstone)");
        }
        Object datum;
        try {
            datum = avro.deserialize(topic, value);
        } catch (SerializationException e) {
            if (e.getCause() instanceof SchemaRegistryException r && r.isUnreachable()) {
                throw r;
            }
            return new MappingResult.Unmapped(RejectReason.MALFORMED_AVRO, e.getMessage());
        }
        return mapping.applyAvro(datum, context);
    }
}
