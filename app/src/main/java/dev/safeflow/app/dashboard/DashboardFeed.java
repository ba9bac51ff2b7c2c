package dev.safeflow.app.dashboard;

import dev.safeflow.app.dashboard.DashboardSnapshot.Feed;
import dev.safeflow.schemas.topics.Topic;
import dev.safeflow.schemas.topics.Topics;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads every topic the page shows from the beginning into a {@link DashboardState}, on one thread.
 *
 * <p>Manual assignment, no consumer group: the dashboard is a read-only viewer, so it commits nothing,
 * leaves no group behind on the cluster, and any number of dashboards can watch the same topics. Topics
 * that do not exist yet (the dashboard started before the pipeline) are picked up when they appear.
 * Values are decoded per topic after polling, so one undecodable record is counted and skipped instead
 * of stopping the feed.
 */
final class DashboardFeed implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DashboardFeed.class);
    /** How often to look for topics that did not exist yet, or partitions added since. */
    private static final long RESCAN_MILLIS = 2_000;

    private final DashboardState state;
    private final Map<String, Route<?>> routes = new HashMap<>();
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final String bootstrapServers;
    private final Thread thread;
    private volatile boolean running = true;
    private long skipped;
    private int topicsRead;

    DashboardFeed(Map<String, Object> clientProperties, Topics topics, DashboardState state) {
        this.state = state;
        route(topics.auditStats(), (k, v) -> state.onStats(v), false);
        route(topics.blockedSources(), state::onBlock, true);
        route(topics.quarantine(), (k, v) -> state.onQuarantined(v), false);
        route(topics.checkpoints(), (k, v) -> state.onCheckpoint(v), false);
        route(topics.safetyMetrics(), (k, v) -> state.onSafetyMetric(v), true);
        route(topics.promotions(), (k, v) -> state.onPromotion(v), false);
        route(topics.alerts(), (k, v) -> state.onAlert(v), false);

        Map<String, Object> props = new HashMap<>(clientProperties);
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // Looking at a topic must never create it with broker defaults (wrong partitions, no compaction).
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        props.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "safeflow-dashboard");
        props.putIfAbsent(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000);
        this.bootstrapServers = String.valueOf(props.get(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG));
        this.consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.thread = new Thread(this::run, "safeflow-dashboard-feed");
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    private void run() {
        Set<TopicPartition> assigned = new HashSet<>();
        long nextScan = 0;
        try {
            while (running) {
                if (System.currentTimeMillis() >= nextScan) {
                    assigned = rescan(assigned);
                    nextScan = System.currentTimeMillis() + RESCAN_MILLIS;
                }
                if (assigned.isEmpty()) {
                    Thread.sleep(200);
                    continue;
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    apply(r);
                }
            }
        } catch (WakeupException | InterruptedException e) {
            // close() asked us to stop.
        } catch (RuntimeException e) {
            LOG.error("the dashboard feed stopped; the page keeps showing what it read so far", e);
            state.onFeed(new Feed("stopped", "the feed stopped: " + e.getMessage() + "; restart the dashboard", topicsRead, skipped));
        } finally {
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(2)));
        }
    }

    /** Assigns partitions of watched topics that appeared since the last scan, read from their beginning. */
    private Set<TopicPartition> rescan(Set<TopicPartition> assigned) {
        Map<String, List<PartitionInfo>> existing;
        try {
            existing = consumer.listTopics(Duration.ofSeconds(5));
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            state.onFeed(new Feed("unreachable", "cannot reach Kafka at " + bootstrapServers
                + "; check kafka.bootstrap.servers (or --bootstrap-servers) and that the broker runs; retrying", topicsRead, skipped));
            return assigned;
        }
        Set<TopicPartition> wanted = new HashSet<>();
        for (String topic : routes.keySet()) {
            for (PartitionInfo p : existing.getOrDefault(topic, List.of())) {
                wanted.add(new TopicPartition(topic, p.partition()));
            }
        }
        Set<TopicPartition> added = new HashSet<>(wanted);
        added.removeAll(assigned);
        if (!added.isEmpty()) {
            consumer.assign(wanted);
            consumer.seekToBeginning(added);
        }
        topicsRead = (int) wanted.stream().map(TopicPartition::topic).distinct().count();
        String message = topicsRead == 0
            ? "connected to Kafka at " + bootstrapServers + "; none of the watched topics exist yet (run 'safeflow topics create')"
            : "reading " + topicsRead + " of " + routes.size() + " topics from " + bootstrapServers
                + (skipped == 0 ? "" : "; skipped " + skipped + " record(s) that could not be decoded (see the log)");
        state.onFeed(new Feed("reading", message, topicsRead, skipped));
        return wanted;
    }

    private void apply(ConsumerRecord<byte[], byte[]> r) {
        Route<?> route = routes.get(r.topic());
        try {
            route.apply(r);
        } catch (RuntimeException e) {
            // A record we cannot decode (unknown schema id, registry down) must not stop the view of everything else.
            skipped++;
            LOG.warn("skipped record {}-{}@{}: {}", r.topic(), r.partition(), r.offset(), e.getMessage());
            state.onFeed(new Feed("reading", "skipped " + skipped + " record(s) that could not be decoded; last: "
                + e.getMessage(), topicsRead, skipped));
        }
    }

    private <V> void route(Topic<String, V> topic, BiConsumer<String, V> handler, boolean compacted) {
        routes.put(topic.name(), new Route<>(topic.keySerde().deserializer(), topic.valueSerde().deserializer(), handler, compacted));
    }

    /** Stops the feed thread and closes the consumer; waits a few seconds at most. */
    @Override
    public void close() {
        running = false;
        if (thread.getState() == Thread.State.NEW) {
            consumer.close(CloseOptions.timeout(Duration.ZERO));
            return;
        }
        consumer.wakeup();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** How one topic's records reach the state; tombstones reach it only on compacted topics, where they mean "gone". */
    private record Route<V>(Deserializer<String> keys, Deserializer<V> values, BiConsumer<String, V> handler, boolean compacted) {
        void apply(ConsumerRecord<byte[], byte[]> r) {
            String key = r.key() == null ? null : keys.deserialize(r.topic(), r.headers(), r.key());
            if (r.value() == null) {
                if (compacted) {
                    handler.accept(key, null);
                }
                return;
            }
            handler.accept(key, values.deserialize(r.topic(), r.headers(), r.value()));
        }
    }
}
