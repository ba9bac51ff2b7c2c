package dev.safeflow.evaluator.stream;

import dev.safeflow.avro.PromotionDecision;
import dev.safeflow.evaluator.gate.PromotedRegistry;
import dev.safeflow.schemas.topics.Topic;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/** Rebuilds the promoted-checkpoint registry from model.promotions, read from the beginning to its current end. */
final class PromotionLog {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private PromotionLog() {
    }

    static void replay(Map<String, Object> clientProperties, Topic<String, PromotionDecision> topic, PromotedRegistry into) {
        Map<String, Object> props = new HashMap<>(clientProperties);
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<String, PromotionDecision> c = new KafkaConsumer<>(props, topic.keySerde().deserializer(),
                topic.valueSerde().deserializer())) {
            List<PartitionInfo> infos = c.partitionsFor(topic.name(), TIMEOUT);
            if (infos == null || infos.isEmpty()) {
                return;
            }
            List<TopicPartition> parts = infos.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts, TIMEOUT);
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (parts.stream().anyMatch(p -> c.position(p, TIMEOUT) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("reading " + topic.name() + " took over " + TIMEOUT.toSeconds()
                        + " s; check that kafka.bootstrap.servers points at a running broker");
                }
                for (ConsumerRecord<String, PromotionDecision> r : c.poll(Duration.ofMillis(200))) {
                    into.record(r.value());
                }
            }
        }
    }
}
