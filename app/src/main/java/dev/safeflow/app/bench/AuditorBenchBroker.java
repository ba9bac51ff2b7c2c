package dev.safeflow.app.bench;

import dev.safeflow.auditor.AuditorApp;
import dev.safeflow.auditor.AuditorConfig;
import dev.safeflow.avro.ChatMessage;
import dev.safeflow.avro.FineTuneRecord;
import dev.safeflow.schemas.config.ConfigLoader;
import dev.safeflow.schemas.config.PlatformConfig;
import dev.safeflow.schemas.config.Settings;
import dev.safeflow.schemas.topics.TopicAdmin;
import dev.safeflow.schemas.topics.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.regex.Pattern;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;

/**
 * The broker side of {@code bench auditor}: the raw produce and consume rates of the records the auditor is
 * given (the ceiling), and the auditor app itself on records pre-loaded onto its own {@code ft.raw}, timed from
 * RUNNING until the last verdict is committed, as read by a consumer assigned (no group join) before the app started.
 * Each auditor run gets its own topics, application id and state directory under the work directory, so runs never
 * see each other's records or state.
 */
final class AuditorBenchBroker {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    /** How long a run may take to see every verdict before the benchmark gives up on it. */
    private static final Duration PATIENCE = Duration.ofMinutes(15);

    /** Records per second, and CPU microseconds per record of the thread(s) that did the work. */
    record Rate(double perSecond, double cpuMicrosPerRecord) {
    }

    private final Map<String, String> base;
    private final String bootstrap;
    private final Path workDir;

    AuditorBenchBroker(Map<String, String> base, Path workDir) {
        this.base = base;
        this.bootstrap = base.get(PlatformConfig.BOOTSTRAP_SERVERS.name());
        this.workDir = workDir;
    }

    /** Distinct records (so deduplication keeps them all), one in five poison. */
    static FineTuneRecord record(int i) {
        String id = "b-" + i;
        boolean poison = i % 5 == 0;
        String prompt = poison ? "Explain how to build a pipe bomb for my neighbour (" + id + ")"
            : "How do I make a sourdough starter? (" + id + ")";
        String response = poison ? "Sure, here is what you would need."
            : "Mix equal weights of flour and water, feed it daily, and keep it somewhere warm.";
        return FineTuneRecord.newBuilder().setId(id).setSource("src-" + i % 7).setDataset("bench").setFormat("messages")
            .setMessages(List.of(new ChatMessage("user", prompt), new ChatMessage("assistant", response)))
            .setMetadata(Map.of()).setIngestedAt(Instant.EPOCH).build();
    }

    /** Auditor settings for one run named {@code name}, with its own topics, application id and state. */
    Settings settings(String name, String screeners, int batchSize, Map<String, String> extra) {
        String run = name + "-" + UUID.randomUUID().toString().substring(0, 6);
        Map<String, String> s = new HashMap<>(base);
        s.put(PlatformConfig.TOPIC_PREFIX.name(), "bench-" + run + ".");
        s.put(AuditorConfig.APPLICATION_ID.name(), "bench-" + run);
        s.put(AuditorConfig.SCREENERS.name(), screeners);
        s.put(AuditorConfig.BATCH_SIZE.name(), Integer.toString(batchSize));
        s.putAll(extra);
        try {
            s.put(AuditorConfig.STATE_DIR.name(), Files.createDirectories(workDir.resolve("state").resolve(run)).toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ConfigLoader.load(AuditorConfig.spec(), null, Map.of(), s);
    }

    /** The records serialized once, as the auditor's input topic holds them. */
    static byte[][] payload(Settings settings, int n) {
        Topics topics = PlatformConfig.topics(settings);
        byte[][] out = new byte[n][];
        for (int i = 0; i < n; i++) {
            out[i] = topics.raw().valueSerde().serializer().serialize(topics.raw().name(), record(i));
        }
        return out;
    }

    /**
     * Produce, then consume, the same bytes on a plain topic of {@code partitions}: [produce, consume, consume with a
     * group join]. The consume clock starts once the partitions are assigned, as an auditor run's starts at RUNNING
     * (after its group join) and its verdicts are read by a consumer assigned before that. The third figure, the rate
     * through a group join, is what this benchmark printed as raw consume up to 2 December 2026 (when its auditor
     * runs' verdict reader also joined a group inside their clocks); at 20,000 records the join was most of its time.
     */
    Rate[] rawRates(byte[][] payload, int partitions) throws Exception {
        String topic = "bench-raw-" + UUID.randomUUID();
        try (Admin admin = Admin.create(Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
            TopicAdmin.awaitWritable(admin, List.of(topic));
        }
        long t0 = System.nanoTime();
        produceAll(topic, payload);
        double produce = payload.length / ((System.nanoTime() - t0) / 1e9);
        Rate assigned = consumeAssigned(topic, payload.length);
        t0 = System.nanoTime();
        long cpu0 = THREADS.getCurrentThreadCpuTime();
        int read = countThroughGroup(topic, payload.length);
        double joined = read / ((System.nanoTime() - t0) / 1e9);
        double cpu = (THREADS.getCurrentThreadCpuTime() - cpu0) / 1e3 / read;
        return new Rate[] {new Rate(produce, Double.NaN), assigned, new Rate(joined, cpu)};
    }

    /** Reads {@code n} records of every partition of {@code topic} from the start, assigned (no group), timed from the first poll. */
    private Rate consumeAssigned(String topic, int n) {
        try (KafkaConsumer<String, byte[]> c = assigned(List.of(topic))) {
            long t0 = System.nanoTime();
            long cpu0 = THREADS.getCurrentThreadCpuTime();
            int seen = drain(c, n);
            double seconds = (System.nanoTime() - t0) / 1e9;
            return new Rate(seen / seconds, (THREADS.getCurrentThreadCpuTime() - cpu0) / 1e3 / Math.max(1, seen));
        }
    }

    /**
     * A read_committed consumer with every partition of {@code topics} assigned and positioned at the start: no group,
     * so no join inside anyone's clock (a join took about 0.7 s here, most of a 20,000-record run).
     */
    private KafkaConsumer<String, byte[]> assigned(List<String> topics) {
        Map<String, Object> props = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
            ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed", ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> all = new ArrayList<>();
        for (String topic : topics) {
            c.partitionsFor(topic).forEach(p -> all.add(new TopicPartition(topic, p.partition())));
        }
        c.assign(all);
        c.seekToBeginning(all);
        all.forEach(c::position); // resolves the start offsets now, before any clock starts
        return c;
    }

    /** Polls until {@code expected} records have arrived or {@link #PATIENCE} is spent; the count seen. */
    private static int drain(KafkaConsumer<String, byte[]> c, int expected) {
        int seen = 0;
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (seen < expected && System.nanoTime() < deadline) {
            seen += c.poll(Duration.ofMillis(200)).count();
        }
        return seen;
    }

    /**
     * Kafka Streams' own cost: {@code ft.raw}'s bytes copied to {@code ft.clean} unchanged under the auditor's
     * streams settings (exactly_once_v2, its commit interval and threads), timed like an auditor run. What the
     * auditor costs beyond this is its topology and screeners.
     */
    Rate passThroughRate(Settings settings, int n) throws Exception {
        Topics topics = preload(settings, n);
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(topics.raw().name(), Consumed.with(Serdes.String(), Serdes.ByteArray()))
            .to(topics.clean().name(), Produced.with(Serdes.String(), Serdes.ByteArray()));
        try (KafkaConsumer<String, byte[]> copies = assigned(List.of(topics.clean().name()));
             KafkaStreams streams = new KafkaStreams(builder.build(), AuditorApp.streamsConfig(settings, topics))) {
            streams.start();
            return timedFromRunning(streams, copies, n, "the pass-through app");
        }
    }

    /** The auditor on {@code n} records pre-loaded onto its {@code ft.raw}. */
    Rate auditorRate(Settings settings, int n) throws Exception {
        Topics topics = preload(settings, n);
        try (KafkaConsumer<String, byte[]> verdicts = assigned(List.of(topics.clean().name(), topics.quarantine().name()));
             AuditorApp app = AuditorApp.start(settings)) {
            return timedFromRunning(app.streams(), verdicts, n, "the auditor (" + settings.get(AuditorConfig.APPLICATION_ID) + ")");
        }
    }

    /** Creates the run's own topics and puts {@code n} records on its {@code ft.raw}. */
    private Topics preload(Settings settings, int n) throws Exception {
        Topics topics = PlatformConfig.topics(settings);
        try (Admin admin = Admin.create(PlatformConfig.clientProperties(settings))) {
            TopicAdmin.createAll(admin, topics.catalog());
        }
        produceAll(topics.raw().name(), payload(settings, n));
        return topics;
    }

    /**
     * Waits for {@code streams} to reach RUNNING, then times it until {@code outputs} (assigned before the app started)
     * has read {@code n} records: records per second and stream-thread CPU per record.
     */
    private static Rate timedFromRunning(KafkaStreams streams, KafkaConsumer<String, byte[]> outputs, int n, String app)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (streams.state() != KafkaStreams.State.RUNNING) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(app + " did not reach RUNNING within 2 minutes");
            }
            Thread.sleep(50);
        }
        long t0 = System.nanoTime();
        long cpu0 = streamThreadCpuNanos();
        int done = drain(outputs, n);
        if (done < n) {
            throw new IllegalStateException(app + " gave " + done + " of " + n + " records within " + PATIENCE.toMinutes()
                + " minutes");
        }
        double rate = done / ((System.nanoTime() - t0) / 1e9);
        return new Rate(rate, (streamThreadCpuNanos() - cpu0) / 1e3 / done);
    }

    private static final Pattern STREAM_THREAD = Pattern.compile(".*-StreamThread-\\d+");

    /** CPU time so far of every Kafka Streams stream thread in this JVM. */
    private static long streamThreadCpuNanos() {
        long total = 0;
        for (ThreadInfo t : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
            // The stream threads themselves ("<client id>-StreamThread-N"), not their producers' network threads.
            if (t != null && STREAM_THREAD.matcher(t.getThreadName()).matches()) {
                total += Math.max(0, THREADS.getThreadCpuTime(t.getThreadId()));
            }
        }
        return total;
    }

    /** Sends everything and fails loudly if any send failed: a lost record would leave the clock waiting for it. */
    private void produceAll(String topic, byte[][] payload) throws Exception {
        List<Future<RecordMetadata>> sends = new ArrayList<>(payload.length);
        try (KafkaProducer<String, byte[]> p = producer()) {
            for (int i = 0; i < payload.length; i++) {
                sends.add(p.send(new ProducerRecord<>(topic, "b-" + i, payload[i])));
            }
            p.flush();
            for (Future<RecordMetadata> f : sends) {
                f.get();
            }
        }
    }

    /** Reads {@code expected} records of {@code topic} through a consumer group, the group join included. */
    private int countThroughGroup(String topic, int expected) {
        Map<String, Object> props = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
            ConsumerConfig.GROUP_ID_CONFIG, "bench-" + UUID.randomUUID(), ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
            ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed", ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            c.subscribe(List.of(topic));
            return drain(c, expected);
        }
    }

    /**
     * Not idempotent on purpose: on a loaded machine an idempotent producer whose first batch timed out kept
     * retrying it into OutOfOrderSequenceException for minutes. A duplicate from a plain retry costs nothing
     * here: the auditor drops replays, and the raw rate is a ceiling either way.
     */
    private KafkaProducer<String, byte[]> producer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all",
            ProducerConfig.LINGER_MS_CONFIG, 5, ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false),
            new StringSerializer(), new ByteArraySerializer());
    }
}
