package dev.safeflow.app.demo;

import dev.safeflow.avro.AuditedRecord;
import dev.safeflow.avro.CheckpointEvent;
import dev.safeflow.avro.FineTuneRecord;
import dev.safeflow.avro.PromotionDecision;
import dev.safeflow.avro.SafetyMetric;
import dev.safeflow.schemas.topics.Topic;
import dev.safeflow.schemas.topics.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Reads what the services wrote, from the topics alone (read_committed, so only what the auditor's transactions
 * committed): record ids per stream, checkpoints, metrics and gate decisions. The demo's status line, waits,
 * summary and invariants all come from here, so they show what a consumer of the platform would see.
 */
public final class TopicTally implements AutoCloseable {

    /** One record as far as the demo cares: its source, whether it carries the poison marker, and why it was quarantined. */
    public record Seen(String source, boolean poison, List<String> reasons) {
    }

    private final Topics topics;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Thread thread;
    private volatile boolean stopping;

    final Map<String, Seen> raw = new HashMap<>();
    final Map<String, Integer> cleanCount = new HashMap<>();
    final Map<String, Seen> clean = new HashMap<>();
    final Map<String, Integer> quarantineCount = new HashMap<>();
    final Map<String, Seen> quarantine = new HashMap<>();
    final Map<String, CheckpointEvent> checkpoints = new LinkedHashMap<>();
    /** checkpoint id → suite → score */
    final Map<String, Map<String, Double>> metrics = new HashMap<>();
    final Map<String, PromotionDecision> decisions = new LinkedHashMap<>();

    public TopicTally(Map<String, Object> clientProperties, Topics topics) {
        this.topics = topics;
        Map<String, Object> props = new HashMap<>(clientProperties);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        Serde<byte[]> bytes = Serdes.ByteArray();
        this.consumer = new KafkaConsumer<>(props, bytes.deserializer(), bytes.deserializer());
        List<TopicPartition> parts = new ArrayList<>();
        for (Topic<?, ?> t : List.of(topics.raw(), topics.clean(), topics.quarantine(), topics.checkpoints(),
                topics.safetyMetrics(), topics.promotions())) {
            consumer.partitionsFor(t.name()).forEach(p -> parts.add(new TopicPartition(p.topic(), p.partition())));
        }
        consumer.assign(parts);
        consumer.seekToBeginning(parts);
        this.thread = new Thread(this::loop, "safeflow-demo-tally");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        try {
            while (!stopping) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.value() != null) {
                        apply(r);
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            System.err.println("safeflow demo: the topic reader stopped: " + e.getMessage());
        }
    }

    private synchronized void apply(ConsumerRecord<byte[], byte[]> r) {
        String t = r.topic();
        if (t.equals(topics.raw().name())) {
            FineTuneRecord f = decode(topics.raw(), r);
            raw.put(f.getId(), seen(f, List.of()));
        } else if (t.equals(topics.clean().name())) {
            AuditedRecord a = decode(topics.clean(), r);
            clean.put(a.getRecord().getId(), seen(a.getRecord(), List.of()));
            cleanCount.merge(a.getRecord().getId(), 1, Integer::sum);
        } else if (t.equals(topics.quarantine().name())) {
            AuditedRecord a = decode(topics.quarantine(), r);
            quarantine.put(a.getRecord().getId(), seen(a.getRecord(), a.getReasons()));
            quarantineCount.merge(a.getRecord().getId(), 1, Integer::sum);
        } else if (t.equals(topics.checkpoints().name())) {
            CheckpointEvent c = decode(topics.checkpoints(), r);
            checkpoints.put(c.getCheckpointId(), c);
        } else if (t.equals(topics.safetyMetrics().name())) {
            SafetyMetric m = decode(topics.safetyMetrics(), r);
            metrics.computeIfAbsent(m.getCheckpointId(), k -> new TreeMap<>()).put(m.getSuite(), m.getScore());
        } else if (t.equals(topics.promotions().name())) {
            PromotionDecision d = decode(topics.promotions(), r);
            decisions.put(d.getCheckpointId(), d);
        }
    }

    private static <V> V decode(Topic<String, V> topic, ConsumerRecord<byte[], byte[]> r) {
        return topic.valueSerde().deserializer().deserialize(r.topic(), r.headers(), r.value());
    }

    private static Seen seen(FineTuneRecord f, List<String> reasons) {
        boolean poison = f.getMessages().stream().anyMatch(m -> m.getContent().toLowerCase().contains(DemoInputs.POISON_MARKER));
        return new Seen(f.getSource(), poison, List.copyOf(reasons));
    }

    /** A consistent copy of everything read so far. */
    public synchronized Snapshot snapshot() {
        return new Snapshot(Map.copyOf(raw), Map.copyOf(clean), Map.copyOf(quarantine), Map.copyOf(cleanCount),
            Map.copyOf(quarantineCount), new ArrayList<>(checkpoints.values()), deepCopy(metrics),
            new LinkedHashMap<>(decisions));
    }

    private static Map<String, Map<String, Double>> deepCopy(Map<String, Map<String, Double>> m) {
        Map<String, Map<String, Double>> c = new HashMap<>();
        m.forEach((k, v) -> c.put(k, new TreeMap<>(v)));
        return c;
    }

    @Override
    public void close() {
        stopping = true;
        consumer.wakeup();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        consumer.close(Duration.ofSeconds(2));
    }
}
