package dev.safeflow.trainer.stream;

import dev.safeflow.avro.Decision;
import dev.safeflow.avro.PromotionDecision;
import dev.safeflow.schemas.control.ControlSigner;
import dev.safeflow.schemas.topics.Topic;
import java.time.Duration;
import java.util.ArrayList;
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

/**
 * Follows {@code model.promotions} for one run. On start it reads the topic's history only to learn
 * the last promoted checkpoint (old rejections are not acted on again); afterwards {@link #poll}
 * returns the rejections that ask for a rollback. With a control key configured, a decision that is not signed
 * with it is ignored (logged): a forged rejection must not roll a run back, nor a forged promotion become a
 * rollback target.
 */
final class PromotionListener implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PromotionListener.class);

    private final KafkaConsumer<String, PromotionDecision> consumer;
    private final ControlSigner signer;
    private final String runId;
    private final boolean assigned;
    private String lastPromoted;

    PromotionListener(Map<String, Object> clientProps, Topic<String, PromotionDecision> topic, String runId, ControlSigner signer) {
        this.signer = signer;
        Map<String, Object> props = new HashMap<>(clientProps);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        this.consumer = new KafkaConsumer<>(props, topic.keySerde().deserializer(), topic.valueSerde().deserializer());
        this.runId = runId;
        List<TopicPartition> parts = new ArrayList<>();
        List<PartitionInfo> infos = consumer.partitionsFor(topic.name(), Duration.ofSeconds(30));
        if (infos != null) {
            infos.forEach(p -> parts.add(new TopicPartition(p.topic(), p.partition())));
        }
        this.assigned = !parts.isEmpty();
        consumer.assign(parts);
        consumer.seekToBeginning(parts);
        Map<TopicPartition, Long> end = consumer.endOffsets(parts);
        while (parts.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
            for (ConsumerRecord<String, PromotionDecision> r : consumer.poll(Duration.ofMillis(200))) {
                remember(trusted(r.value()));
            }
        }
    }

    /** New rollback requests for this run; promotions are remembered as rollback targets. */
    List<PromotionDecision> poll() {
        List<PromotionDecision> rollbacks = new ArrayList<>();
        if (!assigned) {
            return rollbacks;
        }
        for (ConsumerRecord<String, PromotionDecision> r : consumer.poll(Duration.ZERO)) {
            PromotionDecision d = trusted(r.value());
            if (d != null && d.getDecision() == Decision.REJECTED && d.getRollbackRequested()) {
                rollbacks.add(d);
            }
            remember(d);
        }
        return rollbacks;
    }

    /** {@code d}, or null when it is not for this run or fails the signature check. */
    private PromotionDecision trusted(PromotionDecision d) {
        if (d == null || !d.getRunId().equals(runId)) {
            return null;
        }
        String problem = signer.problem(d);
        if (problem != null) {
            LOG.warn("ignoring {} decision for checkpoint {} on model.promotions: {}", d.getDecision(), d.getCheckpointId(), problem);
            return null;
        }
        return d;
    }

    private void remember(PromotionDecision d) {
        if (d != null && d.getDecision() == Decision.PROMOTED) {
            lastPromoted = d.getCheckpointId();
        }
    }

    /** The checkpoint a rollback should restore: the one named in the decision, else the last promoted. */
    String target(PromotionDecision d) {
        return d.getRollbackTo() != null ? d.getRollbackTo() : lastPromoted;
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
