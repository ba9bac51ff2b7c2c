package dev.safeflow.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.safeflow.embedded.junit.KafkaPlatform;
import dev.safeflow.embedded.junit.KafkaPlatformExtension;
import dev.safeflow.schemas.topics.TopicAdmin;
import dev.safeflow.schemas.topics.TopicCatalog;
import dev.safeflow.schemas.topics.TopicSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** TopicAdmin (schemas module) against a real broker: schemas has none, so its broker checks live here. */
@ExtendWith(KafkaPlatformExtension.class)
class TopicAdminIT {

    /**
     * A producer that writes into a partition the broker lists but does not serve yet can lose its first batch
     * (KAFKA-15591). createAll returns only once every partition is served, so a producer that may not retry at all
     * lands its first write on every partition of every created topic.
     */
    @Test
    void createdTopicsTakeWritesWithoutARetryAsSoonAsCreateAllReturns(KafkaPlatform kafka) throws Exception {
        TopicCatalog catalog = new TopicCatalog("writable-" + UUID.randomUUID().toString().substring(0, 8) + ".", 3, (short) 1);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            List<TopicAdmin.Result> created = TopicAdmin.createAll(admin, catalog);
            assertTrue(created.stream().allMatch(r -> r.outcome() == TopicAdmin.Outcome.CREATED), created.toString());
        }
        Map<String, Object> props = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
            ProducerConfig.RETRIES_CONFIG, 0, ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
        List<Future<RecordMetadata>> acks = new ArrayList<>();
        int partitions = 0;
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            for (TopicSpec spec : catalog.all()) {
                for (int p = 0; p < spec.partitions(); p++) {
                    acks.add(producer.send(new ProducerRecord<>(spec.name(), p, "k", "first write")));
                    partitions++;
                }
            }
            for (Future<RecordMetadata> ack : acks) {
                assertEquals(0, ack.get().offset(), "the first write is the partition's first record");
            }
        }
        assertTrue(partitions > catalog.all().size(), "the catalog has multi-partition topics: " + partitions);
    }

    @Test
    void existingTopicsAreReportedAndLeftAlone(KafkaPlatform kafka) throws Exception {
        TopicCatalog catalog = new TopicCatalog("again-" + UUID.randomUUID().toString().substring(0, 8) + ".", 2, (short) 1);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            TopicAdmin.createAll(admin, catalog);
            List<TopicAdmin.Result> second = TopicAdmin.createAll(admin, catalog);
            assertTrue(second.stream().allMatch(r -> r.outcome() == TopicAdmin.Outcome.EXISTS), second.toString());
        }
    }
}
