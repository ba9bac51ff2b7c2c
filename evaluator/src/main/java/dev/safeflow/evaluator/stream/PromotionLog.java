package dev.safeflow.evaluator.stream;

import dev.safeflow.avro.PromotionDecision;
import dev.safeflow.evaluator.gate.PromotedRegistry;
import dev.safeflow.schemas.control.ControlSigner;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Rebuilds the promoted-checkpoint registry from model.promotions, read from the beginning to its current end. */
final class PromotionLog {

    private static final Logger LOG = LoggerFactory.getLogger(PromotionLog.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private PromotionLog() {
    }

    /** Decisions that fail {@code signer}'s check are skipped with a warning: a forged PROMOTED must not be served. */
    static void replay(Map<String, Object> clientProperties, Topic<String, PromotionDecision> topic, PromotedRegistry into,
                       ControlSigner signer) {
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
                    String problem = r.value() == null ? "a tombstone" : signer.problem(r.value());
                    if (problem == null) {
                        into.record(r.value());
                    } else {
                        LOG.warn("{} offset {}: promotion decision skipped, {}", topic.name(), r.offset(), problem);
                    }
                }
            }
        }
    }
}
