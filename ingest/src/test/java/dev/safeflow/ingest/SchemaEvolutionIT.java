package dev.safeflow.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.safeflow.auditor.AuditorApp;
import dev.safeflow.auditor.AuditorConfig;
import dev.safeflow.avro.AuditedRecord;
import dev.safeflow.avro.ChatMessage;
import dev.safeflow.avro.FineTuneRecord;
import dev.safeflow.avro.Verdict;
import dev.safeflow.embedded.junit.KafkaPlatform;
import dev.safeflow.embedded.junit.KafkaPlatformExtension;
import dev.safeflow.schemas.config.ConfigLoader;
import dev.safeflow.schemas.config.PlatformConfig;
import dev.safeflow.schemas.config.Settings;
import dev.safeflow.schemas.registry.SchemaRegistryClient;
import dev.safeflow.schemas.registry.SchemaRegistryException;
import dev.safeflow.schemas.serde.AvroDeserializer;
import dev.safeflow.schemas.serde.AvroSerializer;
import dev.safeflow.schemas.topics.TopicAdmin;
import dev.safeflow.schemas.topics.Topics;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.JsonProperties;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * FineTuneRecord as a user evolves it: a newer producer adds a field under the registry's BACKWARD rule, and
 * consumers built against today's schema (the auditor, a typed reader) keep reading ft.raw, old and new records alike.
 */
@ExtendWith(KafkaPlatformExtension.class)
class SchemaEvolutionIT {

    @Test
    void aFieldAddedWithADefaultUnderBackwardIsAcceptedAndOldConsumersKeepReading(KafkaPlatform kafka) throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        Settings auditorSettings = ConfigLoader.load(AuditorConfig.spec(), null, Map.of(), Map.of(
            "kafka.bootstrap.servers", kafka.bootstrapServers(), "registry.url", kafka.registryUrl(),
            "topics.prefix", "evolve-" + run + ".", "auditor.application-id", "auditor-evolve-" + run,
            "auditor.state-dir", Files.createTempDirectory("auditor-evolve").toString(), "auditor.screeners", "rules",
            "auditor.http.port", "-1", "auditor.commit-interval", "100ms", "auditor.screen.max-wait", "50ms"));
        Topics topics = PlatformConfig.topics(auditorSettings);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            TopicAdmin.createAll(admin, topics.catalog());
        }
        String raw = topics.raw().name();
        String subject = raw + "-value";
        SchemaRegistryClient registry = new SchemaRegistryClient(kafka.registryUrl(), null);
        registry.setCompatibility(subject, "BACKWARD");

        // Version 1: today's FineTuneRecord, as today's ingest writes it.
        byte[] v1 = topics.raw().valueSerde().serializer().serialize(raw, record("old-1"));

        // A field without a default breaks BACKWARD (a new reader could not fill it for old records): refused.
        Schema withoutDefault = withField(new Schema.Field("language", Schema.create(Schema.Type.STRING), "Language tag", (Object) null));
        assertFalse(registry.isCompatible(subject, withoutDefault));
        SchemaRegistryException refused = assertThrows(SchemaRegistryException.class, () -> registry.register(subject, withoutDefault));
        assertEquals(409, refused.errorCode());

        // With a default it is accepted as version 2, and a newer producer writes with it.
        Schema v2Schema = withField(new Schema.Field("language",
            Schema.createUnion(Schema.create(Schema.Type.NULL), Schema.create(Schema.Type.STRING)),
            "BCP 47 language tag of the conversation, when the producer knows it", JsonProperties.NULL_VALUE));
        assertTrue(registry.isCompatible(subject, v2Schema));
        GenericRecord newer = upgrade(record("new-1"), v2Schema);
        newer.put("language", "de");
        byte[] v2 = new AvroSerializer<GenericRecord>(registry, false).serialize(raw, newer);
        assertEquals(2, registry.latest(subject).version());

        // An old typed consumer reads both versions: the new field is skipped by Avro's schema resolution.
        AvroDeserializer<FineTuneRecord> old = new AvroDeserializer<>(registry, FineTuneRecord.class);
        assertEquals("old-1", old.deserialize(raw, v1).getId());
        FineTuneRecord fromNewer = old.deserialize(raw, v2);
        assertEquals("new-1", fromNewer.getId());
        assertEquals("Mix flour and water, new-1.", fromNewer.getMessages().get(1).getContent());

        // A reader of any version reads the newer record with its writer's schema (the id in the bytes).
        assertEquals("de", new AvroDeserializer<GenericRecord>(registry, null).deserialize(raw, v2).get("language").toString());
        // A consumer built against version 2 reads the old record with the default filled in: what BACKWARD guarantees.
        GenericRecord oldSeenNew = new GenericDatumReader<GenericRecord>(FineTuneRecord.getClassSchema(), v2Schema)
            .read(null, DecoderFactory.get().binaryDecoder(v1, 5, v1.length - 5, null));
        assertEquals("old-1", oldSeenNew.get("id").toString());
        assertNull(oldSeenNew.get("language"));

        // And the auditor, built against today's schema, audits both into ft.clean.
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrapServers()), new StringSerializer(), new ByteArraySerializer());
             AuditorApp auditor = AuditorApp.start(auditorSettings)) {
            producer.send(new ProducerRecord<>(raw, "old-1", v1)).get();
            producer.send(new ProducerRecord<>(raw, "new-1", v2)).get();
            Map<String, Verdict> verdicts = new HashMap<>();
            var audited = topics.clean().valueSerde().deserializer();
            for (byte[] value : read(kafka, topics.clean().name(), 2)) {
                AuditedRecord a = audited.deserialize(topics.clean().name(), value);
                verdicts.put(a.getRecord().getId(), a.getVerdict());
            }
            assertEquals(Map.of("old-1", Verdict.CLEAN, "new-1", Verdict.CLEAN), verdicts);
        }
    }

    private static FineTuneRecord record(String id) {
        return FineTuneRecord.newBuilder().setId(id).setSource("bakery").setDataset("faq").setFormat("messages")
            .setMessages(List.of(new ChatMessage("user", "How do I start a sourdough culture? (" + id + ")"),
                new ChatMessage("assistant", "Mix flour and water, " + id + ".")))
            .setMetadata(Map.of()).setIngestedAt(Instant.parse("2026-12-02T00:00:00Z")).build();
    }

    /** FineTuneRecord's schema with one more field at the end. */
    private static Schema withField(Schema.Field added) {
        Schema current = FineTuneRecord.getClassSchema();
        List<Schema.Field> fields = new ArrayList<>();
        current.getFields().forEach(f -> fields.add(new Schema.Field(f, f.schema())));
        fields.add(added);
        return Schema.createRecord(current.getName(), current.getDoc(), current.getNamespace(), false, fields);
    }

    /** The record's values under the newer schema, as a producer built against it would hold them. */
    private static GenericRecord upgrade(FineTuneRecord record, Schema newer) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
        new SpecificDatumWriter<FineTuneRecord>(FineTuneRecord.getClassSchema()).write(record, encoder);
        encoder.flush();
        return new GenericDatumReader<GenericRecord>(FineTuneRecord.getClassSchema(), newer)
            .read(null, DecoderFactory.get().binaryDecoder(bytes.toByteArray(), null));
    }

    private static List<byte[]> read(KafkaPlatform kafka, String topic, int expected) {
        Map<String, Object> props = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
            ConsumerConfig.GROUP_ID_CONFIG, "reader-" + UUID.randomUUID(), ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
            ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<byte[]> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (out.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> out.add(r.value()));
            }
        }
        return out;
    }
}
