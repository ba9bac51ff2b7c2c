package dev.safeflow.ingest;

import dev.safeflow.avro.FineTuneRecord;
import dev.safeflow.embedded.junit.KafkaPlatform;
import dev.safeflow.records.FieldNames;
import dev.safeflow.records.RecordShape;
import dev.safeflow.schemas.registry.SchemaRegistryClient;
import dev.safeflow.schemas.topics.DeadLetterHeaders;
import dev.safeflow.schemas.topics.TopicAdmin;
import dev.safeflow.schemas.topics.TopicCatalog;
import dev.safeflow.schemas.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** A fresh set of safeflow topics (unique prefix) on the shared test broker, and readers for what ingest wrote. */
final class KafkaFixture {
    final KafkaPlatform kafka;
    final Topics topics;
    final Map<String, Object> client;

    /** One record as read back: key, value, headers by name. */
    record Read<V>(String key, V value, Map<String, String> headers) {
    }

    KafkaFixture(KafkaPlatform kafka) throws InterruptedException {
        this.kafka = kafka;
        TopicCatalog catalog = new TopicCatalog("t" + UUID.randomUUID().toString().substring(0, 8) + ".", 3, (short) 1);
        this.topics = new Topics(catalog, new SchemaRegistryClient(kafka.registryUrl(), null));
        this.client = Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        try (Admin admin = Admin.create(client)) {
            TopicAdmin.createAll(admin, catalog);
        }
    }

    FileIngester.Options options(Path checkpoints, String source, RecordShape format, int maxRecordBytes) {
        return new FileIngester.Options(source, "ds", format, FieldNames.standard(), maxRecordBytes, 0, checkpoints, 1000, false);
    }

    FileIngester ingester(FileIngester.Options options) {
        return new FileIngester(client, topics, options);
    }

    List<Read<FineTuneRecord>> raw() {
        var deserializer = topics.raw().valueSerde().deserializer();
        List<Read<FineTuneRecord>> out = new ArrayList<>();
        for (Read<byte[]> r : readAll(topics.raw().name())) {
            out.add(new Read<>(r.key(), deserializer.deserialize(topics.raw().name(), r.value()), r.headers()));
        }
        return out;
    }

    List<Read<byte[]>> deadLetters() {
        return readAll(topics.deadLetters().name());
    }

    /** Everything in the topic now, partition by partition up to the end offsets. */
    List<Read<byte[]>> readAll(String topic) {
        Map<String, Object> props = new HashMap<>(client);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<Read<byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.currentTimeMillis() + 60_000;
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp)) && System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    Map<String, String> headers = new HashMap<>();
                    for (Header h : r.headers()) {
                        headers.put(h.key(), new String(h.value(), StandardCharsets.UTF_8));
                    }
                    out.add(new Read<>(r.key(), r.value(), headers));
                }
            }
        }
        return out;
    }

    static String line(Read<?> r) {
        return r.headers().get(DeadLetterHeaders.LINE);
    }
}
