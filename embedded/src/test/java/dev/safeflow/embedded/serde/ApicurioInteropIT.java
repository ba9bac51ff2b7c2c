package dev.safeflow.embedded.serde;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.safeflow.avro.FineTuneRecord;
import dev.safeflow.embedded.junit.KafkaPlatform;
import dev.safeflow.embedded.junit.KafkaPlatformExtension;
import dev.safeflow.schemas.registry.SchemaRegistryClient;
import dev.safeflow.schemas.serde.AvroDeserializer;
import dev.safeflow.schemas.serde.AvroSerializer;
import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Wire compatibility with an independent implementation: Apicurio's Avro serde (4-byte id handler, ids in
 * the payload, not in headers) reads what safeflow writes and safeflow reads what Apicurio writes.
 */
@ExtendWith(KafkaPlatformExtension.class)
class ApicurioInteropIT {

    static Map<String, Object> apicurioConfig(KafkaPlatform kafka) {
        return Map.of(
            "apicurio.registry.url", kafka.registryUrl(),
            "apicurio.registry.auto-register", true,
            "apicurio.registry.headers.enabled", false,
            "apicurio.registry.id-handler", "io.apicurio.registry.serde.Default4ByteIdHandler",
            "apicurio.registry.use-id", "contentId",
            "apicurio.registry.use-specific-avro-reader", true,
            // Send whole schemas, as Confluent's TopicNameStrategy subjects hold them, not nested types as references.
            "apicurio.registry.dereference-schema", true);
    }

    @Test
    void apicurioReadsWhatSafeflowWrites(KafkaPlatform kafka) {
        String topic = "interop-" + UUID.randomUUID();
        FineTuneRecord record = AvroSerdeIT.sample("interop-1");
        byte[] ours = new AvroSerializer<FineTuneRecord>(new SchemaRegistryClient(kafka.registryUrl(), null), false)
            .serialize(topic, record);

        try (AvroKafkaDeserializer<FineTuneRecord> theirs = new AvroKafkaDeserializer<>(new ConfluentApiFacade(kafka.registryUrl()))) {
            theirs.configure(apicurioConfig(kafka), false);
            assertEquals(record, theirs.deserialize(topic, new RecordHeaders(), ours));
        }
    }

    @Test
    void safeflowReadsWhatApicurioWritesAndTheLayoutsMatchByteForByte(KafkaPlatform kafka) {
        String topic = "interop-" + UUID.randomUUID();
        FineTuneRecord record = AvroSerdeIT.sample("interop-2");
        byte[] theirs;
        try (AvroKafkaSerializer<FineTuneRecord> serializer = new AvroKafkaSerializer<>(new ConfluentApiFacade(kafka.registryUrl()))) {
            serializer.configure(apicurioConfig(kafka), false);
            theirs = serializer.serialize(topic, new RecordHeaders(), record);
        }
        SchemaRegistryClient registry = new SchemaRegistryClient(kafka.registryUrl(), null);
        assertEquals(record, new AvroDeserializer<>(registry, FineTuneRecord.class).deserialize(topic, theirs));

        // Same schema id in the header, same Avro body: the two serializers are interchangeable.
        byte[] ours = new AvroSerializer<FineTuneRecord>(registry, false).serialize(topic, record);
        assertEquals(0, theirs[0]);
        assertEquals(ByteBuffer.wrap(ours, 1, 4).getInt(), ByteBuffer.wrap(theirs, 1, 4).getInt());
        assertArrayEquals(ours, theirs, () -> Arrays.toString(ours) + " vs " + Arrays.toString(theirs));
    }
}
