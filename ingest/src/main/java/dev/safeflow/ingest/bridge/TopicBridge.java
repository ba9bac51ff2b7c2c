package dev.safeflow.ingest.bridge;

import dev.safeflow.ingest.IngestCounters;
import dev.safeflow.schemas.config.PlatformConfig;
import dev.safeflow.schemas.config.Settings;
import dev.safeflow.schemas.topics.TopicAdmin;
import dev.safeflow.schemas.topics.Topics;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A running bridge: {@link BridgeTopology} in Kafka Streams, exactly once, under its own application id. */
public final class TopicBridge implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TopicBridge.class);
    /** The consumer's internal switch (no public constant) that Kafka Streams turns off by default. */
    static final String LEAVE_GROUP_ON_CLOSE = "internal.leave.group.on.close";

    private final KafkaStreams streams;
    private final IngestCounters counters;
    private final String applicationId;
    private final CountDownLatch stopped = new CountDownLatch(1);

    private TopicBridge(KafkaStreams streams, IngestCounters counters, String applicationId) {
        this.streams = streams;
        this.counters = counters;
        this.applicationId = applicationId;
    }

    /**
     * Checks that the input topic exists, creates safeflow's topics if missing and starts the streams.
     * {@code fromBeginning} decides where a bridge without committed offsets starts; one with offsets resumes.
     */
    public static TopicBridge start(Settings settings, BridgeTopology.Settings bridge, boolean fromBeginning) {
        Topics topics = PlatformConfig.topics(settings);
        String appId = BridgeConfig.applicationId(settings.get(BridgeConfig.APPLICATION_ID), bridge.source(), bridge.from());
        boolean resuming = prepare(settings, topics, bridge.from(), appId);
        IngestCounters counters = new IngestCounters();
        // A resuming bridge reads partitions it never committed from their start: they are records it has not seen.
        KafkaStreams streams = new KafkaStreams(BridgeTopology.buildTopology(bridge, topics.raw(), topics.deadLetters(),
            PlatformConfig.registry(settings), counters, Clock.systemUTC()),
            streamsConfig(settings, appId, fromBeginning || resuming));
        if (resuming) {
            LOG.info("bridge {} resumes from its committed offsets", appId);
        }
        TopicBridge running = new TopicBridge(streams, counters, appId);
        // Bad input never reaches here (it is dead-lettered); what does is a broker or registry outage, and the
        // transaction makes a replaced thread redo exactly the uncommitted records.
        streams.setUncaughtExceptionHandler(e -> {
            LOG.error("bridge thread failed; replacing it", e);
            return StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        streams.setStateListener((now, before) -> {
            LOG.info("bridge {} -> {}", before, now);
            if (now == KafkaStreams.State.NOT_RUNNING || now == KafkaStreams.State.ERROR) {
                running.stopped.countDown();
            }
        });
        streams.start();
        return running;
    }

    static Properties streamsConfig(Settings settings, String applicationId, boolean fromBeginning) {
        Properties p = new Properties();
        p.putAll(PlatformConfig.clientProperties(settings));
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.STATE_DIR_CONFIG, settings.get(BridgeConfig.STATE_DIR));
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, settings.get(BridgeConfig.COMMIT_INTERVAL).toMillis());
        p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) settings.get(PlatformConfig.TOPIC_REPLICATION));
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), fromBeginning ? "earliest" : "latest");
        // Kafka Streams keeps a closing member in the group (so a stateful instance can come back to its state) and
        // CloseOptions.leaveGroup only removes static members; a restarted bridge then waited a whole session timeout
        // (45 s) before its first record. The bridge holds no state, so its consumer leaves the group when it closes.
        p.put(StreamsConfig.mainConsumerPrefix(LEAVE_GROUP_ON_CLOSE), true);
        return p;
    }

    /** Checks the input topic, creates safeflow's topics if missing; true when the bridge has committed offsets. */
    private static boolean prepare(Settings settings, Topics topics, String from, String applicationId) {
        Map<String, Object> props = PlatformConfig.clientProperties(settings);
        props.putIfAbsent(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000);
        props.putIfAbsent(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        Set<String> existing;
        boolean committed;
        try (Admin admin = Admin.create(props)) {
            existing = admin.listTopics().names().get();
            TopicAdmin.createAll(admin, topics.catalog());
            committed = !admin.listConsumerGroupOffsets(applicationId).partitionsToOffsetAndMetadata().get().isEmpty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking topics", e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot reach Kafka at " + settings.get(PlatformConfig.BOOTSTRAP_SERVERS)
                + " (" + e.getMessage() + "): check kafka.bootstrap.servers", e);
        }
        if (!existing.contains(from)) {
            throw new IllegalArgumentException("topic '" + from + "' does not exist on " + settings.get(PlatformConfig.BOOTSTRAP_SERVERS)
                + ": check --from (topics there: " + existing.stream().filter(t -> !t.startsWith("_")).sorted().limit(20).toList() + ")");
        }
        return committed;
    }

    public IngestCounters counters() {
        return counters;
    }

    public String applicationId() {
        return applicationId;
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    public boolean awaitRunning(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (streams.state() != KafkaStreams.State.RUNNING) {
            if (System.nanoTime() > deadline || stopped.getCount() == 0) {
                return false;
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
        return true;
    }

    /** Waits up to {@code timeout} for the streams to stop; true when they stopped. */
    public boolean awaitStop(Duration timeout) throws InterruptedException {
        return stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        // The consumer leaves the group as it closes (see streamsConfig), so a restarted bridge takes its partitions at
        // once instead of after the session timeout.
        streams.close(Duration.ofSeconds(30));
        stopped.countDown();
    }
}
