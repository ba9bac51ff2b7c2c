package dev.safeflow.auditor;

import dev.safeflow.avro.FineTuneRecord;
import dev.safeflow.embedded.EmbeddedPlatform;
import dev.safeflow.schemas.config.ConfigLoader;
import dev.safeflow.schemas.config.PlatformConfig;
import dev.safeflow.schemas.config.Settings;
import dev.safeflow.schemas.topics.TopicAdmin;
import dev.safeflow.schemas.topics.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Records per second through the auditor on the embedded broker, rules only and rules → embedding,
 * next to the broker's raw produce and consume rates for the same records in the same run (the
 * ceiling). Prints figures; asserts nothing.
 *
 * <p>Run (after {@code mvn -pl auditor -am test-compile}):
 * {@code java -cp <test classpath> dev.safeflow.auditor.AuditorBenchmark [rulesRecords] [embeddingRecords]}
 */
public final class AuditorBenchmark {
    private AuditorBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rulesRecords = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int embeddingRecords = args.length > 1 ? Integer.parseInt(args[1]) : 2_000;
        Path dir = Files.createTempDirectory("auditor-bench");
        try (EmbeddedPlatform platform = EmbeddedPlatform.start(dir.resolve("kafka"), 0, 0)) {
            Map<String, String> base = Map.of("kafka.bootstrap.servers", platform.bootstrapServers(),
                "registry.url", platform.registryUrl(), "auditor.http.port", "-1", "topics.partitions", "3");
            byte[][] payload = payload(settings(base, "ceiling", "rules", 1), rulesRecords);

            double[] ceiling = rawRates(platform.bootstrapServers(), payload);
            System.out.printf(Locale.ROOT, "raw broker: produce %.0f records/s, consume %.0f records/s (%d records, %d bytes avg)%n",
                ceiling[0], ceiling[1], payload.length, avgBytes(payload));
            System.out.flush();

            // An untimed run first, so the JIT has compiled the hot paths before any run is timed.
            auditorRate(settings(base, "warmup", "rules", 64), Math.min(rulesRecords, 5_000));
            double direct = auditorRate(settings(base, "direct", "rules", 1), rulesRecords);
            System.out.printf(Locale.ROOT, "auditor, rules only, batch 1 (no buffer): %.0f records/s (%d records) = %.3f of raw consume%n",
                direct, rulesRecords, direct / ceiling[1]);
            System.out.flush();
            double rules = auditorRate(settings(base, "rules", "rules", 64), rulesRecords);
            System.out.printf(Locale.ROOT, "auditor, rules only, batch 64:            %.0f records/s (%d records) = %.3f of raw consume%n",
                rules, rulesRecords, rules / ceiling[1]);
            System.out.flush();

            double embedding = auditorRate(settings(base, "embedding", "rules,embedding", 64), embeddingRecords);
            System.out.printf(Locale.ROOT, "auditor, rules → embedding, batch 64:     %.0f records/s (%d records) = %.4f of raw consume, %.3f of rules only%n",
                embedding, embeddingRecords, embedding / ceiling[1], embedding / rules);
            System.out.flush();
            Settings quantised = settings(base, "quantised", "rules,embedding", 64, Map.of("auditor.embedding.model", "all-minilm-l6-v2-q"));
            double q = auditorRate(quantised, embeddingRecords);
            System.out.printf(Locale.ROOT, "auditor, rules → embedding int8, batch 64: %.0f records/s (%d records) = %.4f of raw consume, %.2f of float%n",
                q, embeddingRecords, q / ceiling[1], q / embedding);
        }
        System.out.printf("cores: %d; load average at the end: %.1f%n", Runtime.getRuntime().availableProcessors(),
            java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    private static Settings settings(Map<String, String> base, String name, String screeners, int batchSize) {
        return settings(base, name, screeners, batchSize, Map.of());
    }

    private static Settings settings(Map<String, String> base, String name, String screeners, int batchSize, Map<String, String> extra) {
        String run = name + "-" + UUID.randomUUID().toString().substring(0, 6);
        Map<String, String> s = new HashMap<>(base);
        s.put("topics.prefix", "bench-" + run + ".");
        s.put("auditor.application-id", "bench-" + run);
        s.put("auditor.screeners", screeners);
        s.put("auditor.screen.batch-size", Integer.toString(batchSize));
        s.putAll(extra);
        try {
            s.put("auditor.state-dir", Files.createTempDirectory("bench-state").toString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return ConfigLoader.load(AuditorConfig.spec(), null, Map.of(), s);
    }

    /** Distinct records (so deduplication keeps them all), one in five with a rules hit, serialized once. */
    private static byte[][] payload(Settings settings, int n) {
        Topics topics = PlatformConfig.topics(settings);
        byte[][] out = new byte[n][];
        for (int i = 0; i < n; i++) {
            FineTuneRecord r = i % 5 == 0 ? Records.harmful("b-" + i, "src-" + i % 7) : Records.benign("b-" + i, "src-" + i % 7);
            out[i] = topics.raw().valueSerde().serializer().serialize(topics.raw().name(), r);
        }
        return out;
    }

    /** Produce then consume the same bytes on a plain topic: the most any consumer-producer of this broker could do. */
    private static double[] rawRates(String bootstrap, byte[][] payload) throws Exception {
        String topic = "bench-raw-" + UUID.randomUUID();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1))).all().get();
        }
        long t0 = System.nanoTime();
        produceAll(bootstrap, topic, payload);
        double produce = payload.length / ((System.nanoTime() - t0) / 1e9);
        t0 = System.nanoTime();
        int read = count(bootstrap, List.of(topic), payload.length);
        double consume = read / ((System.nanoTime() - t0) / 1e9);
        return new double[] {produce, consume};
    }

    /** Records pre-loaded on ft.raw; the clock runs from RUNNING until the last verdict is committed. */
    private static double auditorRate(Settings settings, int n) throws Exception {
        Topics topics = PlatformConfig.topics(settings);
        try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", settings.get(PlatformConfig.BOOTSTRAP_SERVERS)))) {
            TopicAdmin.createAll(admin, topics.catalog());
        }
        byte[][] payload = payload(settings, n);
        produceAll(settings.get(PlatformConfig.BOOTSTRAP_SERVERS), topics.raw().name(), payload);
        try (AuditorApp app = AuditorApp.start(settings)) {
            if (!app.awaitRunning(Duration.ofMinutes(2))) {
                throw new IllegalStateException("auditor did not start");
            }
            long t0 = System.nanoTime();
            int done = count(settings.get(PlatformConfig.BOOTSTRAP_SERVERS), List.of(topics.clean().name(), topics.quarantine().name()), n);
            return done / ((System.nanoTime() - t0) / 1e9);
        }
    }

    /** Sends everything and fails loudly if any send failed: a lost record would leave the clock waiting for it. */
    private static void produceAll(String bootstrap, String topic, byte[][] payload) throws Exception {
        List<Future<RecordMetadata>> sends = new ArrayList<>(payload.length);
        try (KafkaProducer<String, byte[]> p = producer(bootstrap)) {
            for (int i = 0; i < payload.length; i++) {
                sends.add(p.send(new ProducerRecord<>(topic, "b-" + i, payload[i])));
            }
            p.flush();
            for (Future<RecordMetadata> f : sends) {
                f.get();
            }
        }
    }

    private static int count(String bootstrap, List<String> topics, int expected) {
        Map<String, Object> props = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
            ConsumerConfig.GROUP_ID_CONFIG, "bench-" + UUID.randomUUID(), ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
            ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed", ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        int seen = 0;
        long deadline = System.nanoTime() + Duration.ofMinutes(15).toNanos();
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            c.subscribe(topics);
            while (seen < expected && System.nanoTime() < deadline) {
                seen += c.poll(Duration.ofMillis(200)).count();
            }
        }
        return seen;
    }

    /**
     * Not idempotent on purpose: on this loaded machine an idempotent producer whose first batch timed out
     * kept retrying it into OutOfOrderSequenceException for minutes. A duplicate from a plain retry costs
     * nothing here: the auditor drops replays, and the raw rate is a ceiling either way.
     */
    private static KafkaProducer<String, byte[]> producer(String bootstrap) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all",
            ProducerConfig.LINGER_MS_CONFIG, 5, ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false),
            new StringSerializer(), new ByteArraySerializer());
    }

    private static long avgBytes(byte[][] payload) {
        long total = 0;
        for (byte[] b : payload) {
            total += b.length;
        }
        return total / payload.length;
    }
}
