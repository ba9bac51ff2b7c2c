package dev.safeflow.auditor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.safeflow.avro.AuditedRecord;
import dev.safeflow.avro.FineTuneRecord;
import dev.safeflow.avro.Verdict;
import dev.safeflow.embedded.EmbeddedKafka;
import dev.safeflow.embedded.junit.KafkaPlatform;
import dev.safeflow.embedded.junit.KafkaPlatformExtension;
import dev.safeflow.schemas.config.ConfigLoader;
import dev.safeflow.schemas.config.PlatformConfig;
import dev.safeflow.schemas.config.Settings;
import dev.safeflow.schemas.topics.Topics;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The real app on the embedded broker, stopped mid-stream and restarted with its local state wiped
 * (so the dedup window and screening buffer come back from their changelogs): every unique record
 * lands in exactly one of ft.clean and ft.quarantine, once; replays never do; garbage goes to ft.dlq.
 */
@ExtendWith(KafkaPlatformExtension.class)
class AuditorRestartIT {
    private static final int UNIQUE = 3000;
    private static final int FIRST_HALF = 2400;

    @Test
    void restartMidStreamLosesAndDuplicatesNoRecord(KafkaPlatform kafka) throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> overrides = new HashMap<>(Map.of(
            "kafka.bootstrap.servers", kafka.bootstrapServers(), "registry.url", kafka.registryUrl(),
            "topics.prefix", "restart-" + run + ".", "auditor.application-id", "auditor-restart-" + run,
            "auditor.screeners", "rules", "auditor.http.port", "-1", "auditor.commit-interval", "100ms",
            "auditor.screen.batch-size", "16", "auditor.screen.max-wait", "50ms"));
        overrides.put("auditor.state-dir", Files.createTempDirectory("auditor-run1").toString());
        Settings first = ConfigLoader.load(AuditorConfig.spec(), null, Map.of(), overrides);
        Topics topics = PlatformConfig.topics(first);

        List<FineTuneRecord> unique = new ArrayList<>();
        for (int i = 0; i < UNIQUE; i++) {
            unique.add(i % 5 == 0 ? Records.harmful("id-" + i, "src-" + i % 3) : Records.benign("id-" + i, "src-" + i % 3));
        }
        try (KafkaProducer<String, byte[]> producer = producer(kafka)) {
            // Pre-load, so that when the first committed verdict shows, most records are still in flight.
            send(producer, topics, unique.subList(0, FIRST_HALF));
            send(producer, topics, unique.subList(0, 300));
            producer.send(new ProducerRecord<>(topics.raw().name(), "garbage-1", new byte[] {1, 2, 3})).get();
            try (AuditorApp app = AuditorApp.start(first)) {
                assertTrue(app.awaitRunning(Duration.ofSeconds(60)), "auditor did not reach RUNNING");
                waitForFirstVerdict(kafka, topics);
            }
            int atStop = drainFor(kafka, topics, Duration.ofMillis(500)).size();
            System.out.println("first instance stopped with " + atStop + " of " + FIRST_HALF + " first-half records written");
            send(producer, topics, unique.subList(FIRST_HALF, UNIQUE));
            send(producer, topics, unique.subList(FIRST_HALF - 300, FIRST_HALF + 300));
            producer.send(new ProducerRecord<>(topics.raw().name(), "garbage-2", new byte[] {0, 0, 0, 0, 9})).get();
        }

        overrides.put("auditor.state-dir", Files.createTempDirectory("auditor-run2").toString());
        try (AuditorApp app = AuditorApp.start(ConfigLoader.load(AuditorConfig.spec(), null, Map.of(), overrides))) {
            assertTrue(app.awaitRunning(Duration.ofSeconds(60)), "restarted auditor did not reach RUNNING");
            List<AuditedRecord> outputs = waitForOutputs(kafka, topics, UNIQUE);
            // Keep reading a little past the expected count so a late duplicate would show up.
            outputs = drainFor(kafka, topics, Duration.ofSeconds(3));

            Map<String, Integer> timesSeen = new HashMap<>();
            outputs.forEach(r -> timesSeen.merge(r.getRecord().getId(), 1, Integer::sum));
            assertEquals(UNIQUE, timesSeen.size(), "every unique record reaches an output");
            assertTrue(timesSeen.values().stream().allMatch(n -> n == 1), "no record is written twice: " + duplicates(timesSeen));
            for (AuditedRecord r : outputs) {
                int n = Integer.parseInt(r.getRecord().getId().substring(3));
                assertEquals(n % 5 == 0 ? Verdict.QUARANTINED : Verdict.CLEAN, r.getVerdict(), r.getRecord().getId());
            }
            assertEquals(2, readAll(kafka, topics.deadLetters().name(), Duration.ofSeconds(2)).size());
        }
    }

    @Test
    void killNineMidStreamLosesAndDuplicatesNoRecord(KafkaPlatform kafka) throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> overrides = new HashMap<>(Map.of(
            "kafka.bootstrap.servers", kafka.bootstrapServers(), "registry.url", kafka.registryUrl(),
            "topics.prefix", "kill-" + run + ".", "auditor.application-id", "auditor-kill-" + run,
            "auditor.state-dir", Files.createTempDirectory("auditor-kill").toString(),
            "auditor.screeners", "rules", "auditor.http.port", "-1", "auditor.commit-interval", "100ms",
            // The killed member never leaves the group; a short session lets the survivor take over sooner.
            "auditor.streams.session.timeout.ms", "6000"));
        overrides.put("auditor.screen.batch-size", "16");
        Settings settings = ConfigLoader.load(AuditorConfig.spec(), null, Map.of(), overrides);
        Topics topics = PlatformConfig.topics(settings);
        List<FineTuneRecord> unique = new ArrayList<>();
        for (int i = 0; i < FIRST_HALF; i++) {
            unique.add(i % 5 == 0 ? Records.harmful("id-" + i, "src-" + i % 3) : Records.benign("id-" + i, "src-" + i % 3));
        }
        try (KafkaProducer<String, byte[]> producer = producer(kafka)) {
            send(producer, topics, unique);
            send(producer, topics, unique.subList(0, 300));
        }

        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
            "-cp", System.getProperty("java.class.path"), AuditorChildProcess.class.getName()));
        overrides.forEach((k, v) -> command.add(k + "=" + v));
        Process child = new ProcessBuilder(command).redirectErrorStream(true)
            .redirectOutput(Files.createTempFile("auditor-child", ".log").toFile()).start();
        try {
            waitForFirstVerdict(kafka, topics);
        } finally {
            // SIGKILL: no close, no commit, an open transaction left behind for the broker to abort.
            child.destroyForcibly().waitFor();
        }
        int atKill = drainFor(kafka, topics, Duration.ofMillis(500)).size();

        try (AuditorApp app = AuditorApp.start(settings)) {
            assertTrue(app.awaitRunning(Duration.ofSeconds(90)), "auditor did not reach RUNNING after the kill");
            waitForOutputs(kafka, topics, FIRST_HALF);
            List<AuditedRecord> outputs = drainFor(kafka, topics, Duration.ofSeconds(3));
            Map<String, Integer> timesSeen = new HashMap<>();
            outputs.forEach(r -> timesSeen.merge(r.getRecord().getId(), 1, Integer::sum));
            System.out.println("killed the first process with " + atKill + " of " + FIRST_HALF + " verdicts committed; the survivor decided "
                + (app.metrics().clean() + app.metrics().quarantined()));
            assertEquals(FIRST_HALF, timesSeen.size(), "every record reaches an output");
            assertTrue(timesSeen.values().stream().allMatch(n -> n == 1), "no record is written twice: " + duplicates(timesSeen));
        }
    }

    @Test
    void brokerRestartMidStreamLosesAndDuplicatesNoRecord(KafkaPlatform kafka) throws Exception {
        EmbeddedKafka broker = kafka.embeddedKafka().orElse(null);
        Assumptions.assumeTrue(broker != null, "needs the embedded broker to restart it");
        String run = UUID.randomUUID().toString().substring(0, 8);
        Settings settings = ConfigLoader.load(AuditorConfig.spec(), null, Map.of(), Map.of(
            "kafka.bootstrap.servers", kafka.bootstrapServers(), "registry.url", kafka.registryUrl(),
            "topics.prefix", "broker-" + run + ".", "auditor.application-id", "auditor-broker-" + run,
            "auditor.state-dir", Files.createTempDirectory("auditor-broker").toString(),
            "auditor.screeners", "rules", "auditor.http.port", "-1", "auditor.commit-interval", "100ms"));
        Topics topics = PlatformConfig.topics(settings);
        List<FineTuneRecord> unique = new ArrayList<>();
        for (int i = 0; i < FIRST_HALF; i++) {
            unique.add(i % 5 == 0 ? Records.harmful("id-" + i, "src-" + i % 3) : Records.benign("id-" + i, "src-" + i % 3));
        }
        try (KafkaProducer<String, byte[]> producer = producer(kafka)) {
            send(producer, topics, unique);
        }
        try (AuditorApp app = AuditorApp.start(settings)) {
            assertTrue(app.awaitRunning(Duration.ofSeconds(60)), "auditor did not reach RUNNING");
            waitForFirstVerdict(kafka, topics);
            // Open transactions die with the broker; the app must abort, re-process and write each verdict once.
            long decidedAtStop = app.metrics().clean() + app.metrics().quarantined();
            broker.stop();
            Thread.sleep(2_000);
            broker.start();
            List<AuditedRecord> outputs = waitForOutputs(kafka, topics, FIRST_HALF);
            outputs = drainFor(kafka, topics, Duration.ofSeconds(3));
            Map<String, Integer> timesSeen = new HashMap<>();
            outputs.forEach(r -> timesSeen.merge(r.getRecord().getId(), 1, Integer::sum));
            assertEquals(FIRST_HALF, timesSeen.size(), "every record reaches an output");
            // Decisions above FIRST_HALF are work redone after aborted transactions; none of it shows in the outputs.
            System.out.println("broker stopped when the app had decided " + decidedAtStop + " of " + FIRST_HALF
                + "; decisions in total " + (app.metrics().clean() + app.metrics().quarantined()));
            assertTrue(timesSeen.values().stream().allMatch(n -> n == 1), "no record is written twice: " + duplicates(timesSeen));
        }
    }

    private static void send(KafkaProducer<String, byte[]> producer, Topics topics, List<FineTuneRecord> records) throws Exception {
        for (FineTuneRecord r : records) {
            producer.send(new ProducerRecord<>(topics.raw().name(), r.getId(),
                topics.raw().valueSerde().serializer().serialize(topics.raw().name(), r)));
        }
        producer.flush();
    }

    private static void waitForFirstVerdict(KafkaPlatform kafka, Topics topics) {
        Map<String, Object> props = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
            ConsumerConfig.GROUP_ID_CONFIG, "first-" + UUID.randomUUID(), ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
            ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topics.clean().name(), topics.quarantine().name()));
            while (consumer.poll(Duration.ofMillis(50)).isEmpty()) {
                assertTrue(System.nanoTime() < deadline, "no verdict within two minutes");
            }
        }
    }

    private static List<AuditedRecord> waitForOutputs(KafkaPlatform kafka, Topics topics, int atLeast) {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        List<AuditedRecord> out = drainFor(kafka, topics, Duration.ofMillis(500));
        while (out.size() < atLeast && System.nanoTime() < deadline) {
            out = drainFor(kafka, topics, Duration.ofMillis(500));
        }
        assertTrue(out.size() >= atLeast, "only " + out.size() + " of " + atLeast + " outputs arrived");
        return out;
    }

    /** Everything committed so far on ft.clean and ft.quarantine, read from the beginning. */
    private static List<AuditedRecord> drainFor(KafkaPlatform kafka, Topics topics, Duration quiet) {
        List<AuditedRecord> out = new ArrayList<>();
        for (String topic : List.of(topics.clean().name(), topics.quarantine().name())) {
            for (ConsumerRecord<String, byte[]> r : readAll(kafka, topic, quiet)) {
                out.add(topics.clean().valueSerde().deserializer().deserialize(topic, r.value()));
            }
        }
        return out;
    }

    private static List<ConsumerRecord<String, byte[]>> readAll(KafkaPlatform kafka, String topic, Duration quiet) {
        Map<String, Object> props = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
            ConsumerConfig.GROUP_ID_CONFIG, "reader-" + UUID.randomUUID(), ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
            ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            int emptyPolls = 0;
            while (emptyPolls < 2) {
                var batch = consumer.poll(quiet);
                emptyPolls = batch.isEmpty() ? emptyPolls + 1 : 0;
                batch.forEach(out::add);
            }
        }
        return out;
    }

    private static KafkaProducer<String, byte[]> producer(KafkaPlatform kafka) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
            ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer());
    }

    private static Set<String> duplicates(Map<String, Integer> timesSeen) {
        Set<String> out = new TreeSet<>();
        timesSeen.forEach((id, n) -> {
            if (n > 1) {
                out.add(id);
            }
        });
        return out;
    }
}
