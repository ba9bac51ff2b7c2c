package dev.safeflow.embedded.serde;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.safeflow.avro.ChatMessage;
import dev.safeflow.avro.FineTuneRecord;
import dev.safeflow.embedded.junit.KafkaPlatform;
import dev.safeflow.embedded.junit.KafkaPlatformExtension;
import dev.safeflow.schemas.registry.SchemaRegistryClient;
import dev.safeflow.schemas.serde.AvroDeserializer;
import dev.safeflow.schemas.serde.AvroSerializer;
import dev.safeflow.schemas.topics.TopicCatalog;
import dev.safeflow.schemas.topics.Topic;
import dev.safeflow.schemas.topics.Topics;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(KafkaPlatformExtension.class)
class AvroSerdeIT {

    @Test
    void fineTuneRecordRoundTripsThroughBrokerAndRegistry(KafkaPlatform kafka) throws Exception {
        Topics topics = new Topics(new TopicCatalog("t" + UUID.randomUUID() + ".", 1, (short) 1),
            new SchemaRegistryClient(kafka.registryUrl(), null));
        Topic<String, FineTuneRecord> raw = topics.raw();
        FineTuneRecord sent = sample("r-1");
        try (KafkaProducer<String, FineTuneRecord> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                raw.keySerde().serializer(), raw.valueSerde().serializer())) {
            producer.send(new ProducerRecord<>(raw.name(), sent.getId(), sent)).get();
        }
        List<FineTuneRecord> received = consume(kafka, raw.name(), raw.valueSerde().deserializer(), 1);
        assertEquals(List.of(sent), received);
        assertEquals(raw.name() + "-value",
            new SchemaRegistryClient(kafka.registryUrl(), null).latest(raw.name() + "-value").subject());
    }

    @Test
    void recordsOfVeryDifferentSizesAndAFailedOneEncodeAlikeOnOneThreadAndAcrossThreads(KafkaPlatform kafka) throws Exception {
        // The serializer reuses one buffer per thread: a huge record must not leak into the next small one's bytes.
        Topics topics = new Topics(new TopicCatalog("t" + UUID.randomUUID() + ".", 1, (short) 1),
            new SchemaRegistryClient(kafka.registryUrl(), null));
        Topic<String, FineTuneRecord> raw = topics.raw();
        var serializer = raw.valueSerde().serializer();
        var deserializer = raw.valueSerde().deserializer();
        FineTuneRecord small = sample("s");
        FineTuneRecord huge = FineTuneRecord.newBuilder(small).setId("h")
            .setMessages(List.of(new ChatMessage("user", "ü".repeat(1_500_000)), new ChatMessage("assistant", "ok"))).build();
        byte[] smallFirst = serializer.serialize(raw.name(), small);
        byte[] hugeBytes = serializer.serialize(raw.name(), huge);
        byte[] smallAfter = serializer.serialize(raw.name(), small);
        assertEquals(huge, deserializer.deserialize(raw.name(), hugeBytes));
        assertArrayEquals(smallFirst, smallAfter);
        assertEquals(small, deserializer.deserialize(raw.name(), smallAfter));
        // A record that fails halfway (required fields null after the id) leaves nothing behind for the next one.
        FineTuneRecord broken = new FineTuneRecord();
        broken.setId("half-written");
        assertThrows(SerializationException.class, () -> serializer.serialize(raw.name(), broken));
        assertArrayEquals(smallFirst, serializer.serialize(raw.name(), small));
        byte[][] fromOtherThread = new byte[1][];
        Thread other = new Thread(() -> fromOtherThread[0] = serializer.serialize(raw.name(), small));
        other.start();
        other.join();
        assertArrayEquals(smallFirst, fromOtherThread[0]);
    }

    @Test
    void dataWrittenWithAnOlderSchemaIsReadWithTheNewOneAndDefaultsFilled(KafkaPlatform kafka) throws Exception {
        // The "old" FineTuneRecord had no dataset, format or metadata fields: all three were added with defaults.
        Schema current = FineTuneRecord.getClassSchema();
        List<Schema.Field> oldFields = current.getFields().stream()
            .filter(f -> !f.name().equals("dataset") && !f.name().equals("format"))
            .map(f -> new Schema.Field(f, f.schema())).toList();
        Schema old = Schema.createRecord(current.getName(), current.getDoc(), current.getNamespace(), false, oldFields);
        assertEquals(current.getFields().size() - 2, old.getFields().size(), "old schema lost two fields");

        String topic = "evolve-" + UUID.randomUUID();
        SchemaRegistryClient registry = new SchemaRegistryClient(kafka.registryUrl(), null);
        GenericRecord oldRecord = new GenericData.Record(old);
        GenericRecord message = new GenericData.Record(old.getField("messages").schema().getElementType());
        message.put("role", "user");
        message.put("content", "hello");
        oldRecord.put("id", "old-1");
        oldRecord.put("source", "legacy");
        oldRecord.put("messages", List.of(message));
        oldRecord.put("metadata", Map.of());
        oldRecord.put("ingestedAt", 1_700_000_000_000L);
        byte[] bytes = new AvroSerializer<GenericRecord>(registry, false).serialize(topic, oldRecord);

        FineTuneRecord read = new AvroDeserializer<>(registry, FineTuneRecord.class).deserialize(topic, bytes);
        assertEquals("old-1", read.getId());
        assertEquals("", read.getDataset());
        assertEquals("messages", read.getFormat());
        assertEquals(Instant.ofEpochMilli(1_700_000_000_000L), read.getIngestedAt());

        // And the registry accepted the current schema after the old one under BACKWARD.
        registry.register(topic + "-value", current);
        assertEquals(2, registry.latest(topic + "-value").version());
    }

    static FineTuneRecord sample(String id) {
        return FineTuneRecord.newBuilder().setId(id).setSource("support-chats").setDataset("d1").setFormat("alpaca")
            .setMessages(List.of(new ChatMessage("user", "How do I reset my password?"),
                new ChatMessage("assistant", "Open Settings, then Security, then Reset.")))
            .setMetadata(Map.of("line", "7")).setIngestedAt(Instant.now().truncatedTo(ChronoUnit.MILLIS)).build();
    }

    static <V> List<V> consume(KafkaPlatform kafka, String topic, org.apache.kafka.common.serialization.Deserializer<V> values, int n) {
        List<V> out = new ArrayList<>();
        try (KafkaConsumer<String, V> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "g-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), values)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.currentTimeMillis() + 30_000;
            while (out.size() < n && System.currentTimeMillis() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> out.add(r.value()));
            }
        }
        return out;
    }
}
