package dev.safeflow.auditor;

import dev.safeflow.auditor.screen.ScreenerRegistry;
import dev.safeflow.auditor.screen.ScreeningCascade;
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
 * Records per second in one run: the broker's raw produce and consume rates for the same records (the
 * ceiling), each screener's own in-process rate (rules and text on batches of 64; the encoder at batch
 * sizes 1 to 64, its best being the embedding path's ceiling; the target model's for {@code hidden-state}
 * when an artifact with that part and the model are given), and the auditor end to end on the embedded
 * broker with rules alone, text alone, the embedding screener alone and the default cascade. Prints
 * figures; asserts nothing.
 *
 * <p>Run (after {@code mvn -pl auditor -am test-compile}):
 * {@code java -cp <test classpath> dev.safeflow.auditor.AuditorBenchmark [records] [cascadeRecords] [artifactDir modelDir]}
 */
public final class AuditorBenchmark {
    private AuditorBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int records = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int cascadeRecords = args.length > 1 ? Integer.parseInt(args[1]) : 4_000;
        Path dir = Files.createTempDirectory("auditor-bench");
        try (EmbeddedPlatform platform = EmbeddedPlatform.start(dir.resolve("kafka"), 0, 0)) {
            Map<String, String> base = new HashMap<>(Map.of("kafka.bootstrap.servers", platform.bootstrapServers(),
                "registry.url", platform.registryUrl(), "auditor.http.port", "-1", "topics.partitions", "3"));
            if (args.length > 3) {
                base.put("auditor.artifact", args[2]);
                base.put("auditor.hidden-state.model", args[3]);
            }
            byte[][] payload = payload(settings(base, "ceiling", "text", 1), records);

            double[] ceiling = rawRates(platform.bootstrapServers(), payload);
            System.out.printf(Locale.ROOT, "raw broker: produce %.0f records/s, consume %.0f records/s (%d records, %d bytes avg)%n",
                ceiling[0], ceiling[1], payload.length, avgBytes(payload));
            Settings any = settings(base, "inprocess", "text", 64);
            double rules = inProcessRate(List.of("rules"), any, 20_000, 64);
            double text = inProcessRate(List.of("text"), any, 20_000, 64);
            System.out.printf(Locale.ROOT, "in process, batches of 64: rules %.0f records/s, text %.0f records/s%n", rules, text);
            // The encoder's own ceiling: the same texts at each batch size (two encoder inputs per record).
            double encoderCeiling = 0;
            for (int batch : cascadeRecords == 0 ? new int[0] : new int[] {1, 8, 32, 64}) {
                double rate = inProcessRate(List.of("embedding"), any, Math.max(64, Math.min(cascadeRecords, 256)), batch);
                encoderCeiling = Math.max(encoderCeiling, rate);
                System.out.printf(Locale.ROOT, "in process, embedding (encoder + classifier), batches of %d: %.1f records/s%n", batch, rate);
            }
            if (args.length > 3) {
                System.out.printf(Locale.ROOT, "in process, batches of 64: hidden-state on %s %.1f records/s%n", args[3],
                    inProcessRate(List.of("hidden-state"), any, 256, 64));
            }
            System.out.flush();

            // An untimed run first, so the JIT has compiled the hot paths before any run is timed.
            auditorRate(settings(base, "warmup", "text", 64), Math.min(records, 5_000));
            double rulesOnly = auditorRate(settings(base, "rules", "rules", 64), records);
            System.out.printf(Locale.ROOT, "auditor, rules only, batch 64:        %.0f records/s (%d records) = %.3f of raw consume%n",
                rulesOnly, records, rulesOnly / ceiling[1]);
            double textOnly = auditorRate(settings(base, "text", "text", 64), records);
            System.out.printf(Locale.ROOT, "auditor, text only, batch 64:         %.0f records/s (%d records) = %.3f of raw consume, "
                + "%.2f of the text screener's own rate%n", textOnly, records, textOnly / ceiling[1], textOnly / text);
            // The commit interval's trade-off: fewer transactions per second against a later ft.clean.
            double textSlowCommit = auditorRate(settings(base, "text-1s", "text", 64, Map.of("auditor.commit-interval", "PT1S")), records);
            System.out.printf(Locale.ROOT, "auditor, text only, commit every 1 s: %.0f records/s (%d records) = %.3f of raw consume%n",
                textSlowCommit, records, textSlowCommit / ceiling[1]);
            System.out.flush();
            if (cascadeRecords > 0) {
                double embeddingOnly = auditorRate(settings(base, "embedding", "embedding", 64), cascadeRecords);
                System.out.printf(Locale.ROOT, "auditor, embedding only, batch 64:    %.1f records/s (%d records) = %.2f of the encoder's "
                    + "best batch rate%n", embeddingOnly, cascadeRecords, embeddingOnly / encoderCeiling);
                double cascade = auditorRate(settings(base, "cascade", "text,embedding", 64), cascadeRecords);
                System.out.printf(Locale.ROOT, "auditor, text -> embedding, batch 64: %.0f records/s (%d records) = %.3f of raw consume, "
                    + "%.1fx the encoder's best batch rate%n", cascade, cascadeRecords, cascade / ceiling[1], cascade / encoderCeiling);
            }
        }
        System.out.printf("cores: %d; load average at the end: %.1f%n", Runtime.getRuntime().availableProcessors(),
            java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    /** Screens {@code n} records (the payload's mix) in batches of {@code batch} in this thread, after one untimed batch. */
    private static double inProcessRate(List<String> screeners, Settings settings, int n, int batch) {
        List<FineTuneRecord> all = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            all.add(record(i));
        }
        try (ScreeningCascade cascade = ScreenerRegistry.cascade(screeners, settings)) {
            cascade.screen(all.subList(0, Math.min(batch, n)));
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i += batch) {
                cascade.screen(all.subList(i, Math.min(n, i + batch)));
            }
            return n / ((System.nanoTime() - t0) / 1e9);
        }
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

    /** Distinct records (so deduplication keeps them all), one in five poison, serialized once. */
    private static byte[][] payload(Settings settings, int n) {
        Topics topics = PlatformConfig.topics(settings);
        byte[][] out = new byte[n][];
        for (int i = 0; i < n; i++) {
            out[i] = topics.raw().valueSerde().serializer().serialize(topics.raw().name(), record(i));
        }
        return out;
    }

    private static FineTuneRecord record(int i) {
        return i % 5 == 0 ? Records.harmful("b-" + i, "src-" + i % 7) : Records.benign("b-" + i, "src-" + i % 7);
    }

    /** Produce then consume the same bytes on a plain topic: the most any consumer-producer of this broker could do. */
    private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();
    private static double rawConsumeCpuMicros = Double.NaN;

    /** CPU time so far of every Kafka Streams stream thread in this JVM. */
    private static long streamThreadCpuNanos() {
        long total = 0;
        for (java.lang.management.ThreadInfo t : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
            if (t != null && t.getThreadName().contains("StreamThread")) {
                total += Math.max(0, THREADS.getThreadCpuTime(t.getThreadId()));
            }
        }
        return total;
    }

    private static double[] rawRates(String bootstrap, byte[][] payload) throws Exception {
        String topic = "bench-raw-" + UUID.randomUUID();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1))).all().get();
        }
        long t0 = System.nanoTime();
        produceAll(bootstrap, topic, payload);
        double produce = payload.length / ((System.nanoTime() - t0) / 1e9);
        t0 = System.nanoTime();
        long cpu0 = THREADS.getCurrentThreadCpuTime();
        int read = count(bootstrap, List.of(topic), payload.length);
        double consume = read / ((System.nanoTime() - t0) / 1e9);
        rawConsumeCpuMicros = (THREADS.getCurrentThreadCpuTime() - cpu0) / 1e3 / read;
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
            long cpu0 = streamThreadCpuNanos();
            int done = count(settings.get(PlatformConfig.BOOTSTRAP_SERVERS), List.of(topics.clean().name(), topics.quarantine().name()), n);
            double rate = done / ((System.nanoTime() - t0) / 1e9);
            double cpuMicros = (streamThreadCpuNanos() - cpu0) / 1e3 / done;
            System.out.printf(Locale.ROOT, "  (%s: %.0f us of stream-thread CPU per record; raw consume %.1f us per record in its polling "
                + "thread = %.3f of it: a CPU-time ratio that the machine's load moves far less than records/s)%n",
                settings.get(AuditorConfig.APPLICATION_ID), cpuMicros, rawConsumeCpuMicros, rawConsumeCpuMicros / cpuMicros);
            return rate;
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
