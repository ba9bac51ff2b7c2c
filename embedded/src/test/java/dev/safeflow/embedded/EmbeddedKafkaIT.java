package dev.safeflow.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaIT {

    @Test
    void dataWrittenBeforeRestartIsReadAfterIt(@TempDir Path dir) throws Exception {
        String bootstrap;
        long startNanos = System.nanoTime();
        try (EmbeddedKafka kafka = new EmbeddedKafka(dir, 0).start()) {
            System.out.printf("embedded KRaft broker started in %d ms%n", (System.nanoTime() - startNanos) / 1_000_000);
            bootstrap = kafka.bootstrapServers();
            produce(bootstrap, "durable", List.of("a", "b", "c"));
        }
        // A new broker object on the same directory (as after a JVM restart) and the same port.
        int port = Integer.parseInt(bootstrap.substring(bootstrap.indexOf(':') + 1));
        try (EmbeddedKafka again = new EmbeddedKafka(dir, port).start()) {
            assertEquals(bootstrap, again.bootstrapServers());
            produce(again.bootstrapServers(), "durable", List.of("d"));
            assertEquals(List.of("a", "b", "c", "d"), consumeAll(again.bootstrapServers(), "durable", 4));
        }
    }

    @Test
    void stopAndStartKeepTheSamePortAndData(@TempDir Path dir) throws Exception {
        try (EmbeddedKafka kafka = new EmbeddedKafka(dir, 0).start()) {
            produce(kafka.bootstrapServers(), "restarted", List.of("x"));
            kafka.stop();
            assertTrue(!kafka.isRunning());
            kafka.start();
            assertEquals(List.of("x"), consumeAll(kafka.bootstrapServers(), "restarted", 1));
        }
    }

    static void produce(String bootstrap, String topic, List<String> values) throws Exception {
        Map<String, Object> props = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            for (String v : values) {
                producer.send(new ProducerRecord<>(topic, v)).get();
            }
        }
    }

    static List<String> consumeAll(String bootstrap, String topic, int expected) {
        Map<String, Object> props = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
            ConsumerConfig.GROUP_ID_CONFIG, "test-" + System.nanoTime(), ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<String> out = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.currentTimeMillis() + 30_000;
            while (out.size() < expected && System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    out.add(r.value());
                }
            }
        }
        return out;
    }
}
