package dev.safeflow.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.safeflow.avro.ChatMessage;
import dev.safeflow.avro.FineTuneRecord;
import dev.safeflow.schemas.registry.SchemaRegistryClient;
import dev.safeflow.schemas.topics.TopicCatalog;
import dev.safeflow.schemas.topics.Topic;
import dev.safeflow.schemas.topics.Topics;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code safeflow local up} as a user runs it: as its own process (the packaged
 * jar, as ./safeflow runs it) and this JVM produces and consumes an Avro record through its broker and registry.
 */
class LocalUpIT {

    @Test
    void localUpServesBrokerAndRegistryToAnotherProcessAndStopsCleanly(@TempDir Path dir) throws Exception {
        Path jar = Path.of("target", "safeflow.jar").toAbsolutePath();
        assertTrue(jar.toFile().isFile(), "run through mvn verify so the jar is packaged first: " + jar);
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-jar", jar.toString(), "local", "up", "--data-dir", dir.toString(), "--kafka-port", "0", "--registry-port", "0")
            .redirectErrorStream(true).start();
        List<String> output = new ArrayList<>();
        String bootstrap = null;
        String registry = null;
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((bootstrap == null || registry == null) && (line = lines.readLine()) != null) {
                output.add(line);
                if (line.contains("kafka.bootstrap.servers =")) {
                    bootstrap = line.substring(line.indexOf('=') + 1).trim();
                } else if (line.contains("registry.url            =")) {
                    registry = line.substring(line.indexOf('=') + 1).trim();
                }
            }
            assertTrue(bootstrap != null && registry != null, String.join("\n", output));
            assertTrue(output.stream().anyMatch(l -> l.startsWith("safeflow.ft.raw") && l.endsWith("created")), String.join("\n", output));

            Topic<String, FineTuneRecord> raw = new Topics(TopicCatalog.defaults(), new SchemaRegistryClient(registry, null)).raw();
            FineTuneRecord sent = FineTuneRecord.newBuilder().setId("local-1").setSource("cli-check")
                .setMessages(List.of(new ChatMessage("user", "hello"), new ChatMessage("assistant", "hi")))
                .setIngestedAt(Instant.now().truncatedTo(ChronoUnit.MILLIS)).build();
            try (KafkaProducer<String, FineTuneRecord> producer = new KafkaProducer<>(
                    Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap), raw.keySerde().serializer(), raw.valueSerde().serializer())) {
                producer.send(new ProducerRecord<>(raw.name(), sent.getId(), sent)).get(30, TimeUnit.SECONDS);
            }
            List<FineTuneRecord> received = new ArrayList<>();
            try (KafkaConsumer<String, FineTuneRecord> consumer = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ConsumerConfig.GROUP_ID_CONFIG, "local-up-it",
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), raw.keySerde().deserializer(), raw.valueSerde().deserializer())) {
                consumer.subscribe(List.of(raw.name()));
                long deadline = System.currentTimeMillis() + 30_000;
                while (received.isEmpty() && System.currentTimeMillis() < deadline) {
                    consumer.poll(Duration.ofMillis(200)).forEach(r -> received.add(r.value()));
                }
            }
            assertEquals(List.of(sent), received);
        } finally {
            process.destroy(); // SIGTERM, as Ctrl-C would send SIGINT: the shutdown hook stops broker and registry.
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), "local up did not stop within 60 s of SIGTERM");
        }
    }
}
