package dev.safeflow.evaluator.stream;

import dev.safeflow.avro.CheckpointEvent;
import dev.safeflow.avro.Decision;
import dev.safeflow.avro.PromotionDecision;
import dev.safeflow.evaluator.CheckpointEvaluator;
import dev.safeflow.evaluator.checkpoint.CheckpointAdmission;
import dev.safeflow.evaluator.gate.Gate;
import dev.safeflow.evaluator.gate.PromotedRegistry;
import dev.safeflow.evaluator.suite.SuiteResult;
import dev.safeflow.schemas.topics.Topics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The streaming evaluator: model.checkpoints → verify → suites → safety.metrics (keyed
 * {@code <checkpointId>/<suite>}), model.promotions, alerts. Offsets are committed only after a
 * checkpoint's results are acknowledged, so a crash re-evaluates it; the compacted metric keys make
 * that replay overwrite rather than duplicate, and with {@code skipDecided} a checkpoint that already
 * has a decision is not evaluated again at all.
 */
public final class EvaluatorService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EvaluatorService.class);

    /** What the service needs besides its collaborators. */
    public record Options(String groupId, boolean skipDecided, Duration pollTimeout, int maxDetails) {
    }

    private final Topics topics;
    private final CheckpointEvaluator evaluator;
    private final CheckpointAdmission admission;
    private final Gate gate;
    private final PromotedRegistry registry;
    private final Options options;
    private final Clock clock;
    private final KafkaConsumer<String, CheckpointEvent> consumer;
    private final Publisher publisher;
    private final EvaluatorMetrics metrics = new EvaluatorMetrics();

    public EvaluatorService(Map<String, Object> clientProperties, Topics topics, CheckpointEvaluator evaluator,
            CheckpointAdmission admission, Gate gate, PromotedRegistry registry, Options options, Clock clock) {
        this.topics = topics;
        this.evaluator = evaluator;
        this.admission = admission;
        this.gate = gate;
        this.registry = registry;
        this.options = options;
        this.clock = clock;
        Map<String, Object> props = new HashMap<>(clientProperties);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, options.groupId());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // One checkpoint can take minutes to evaluate; the group must not evict the evaluator meanwhile.
        props.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1);
        props.putIfAbsent(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, (int) Duration.ofHours(1).toMillis());
        this.consumer = new KafkaConsumer<>(props, topics.checkpoints().keySerde().deserializer(),
            topics.checkpoints().valueSerde().deserializer());
        this.publisher = new Publisher(clientProperties);
        PromotionLog.replay(clientProperties, topics.promotions(), registry, admission.signer());
        consumer.subscribe(List.of(topics.checkpoints().name()));
    }

    /** Polls and processes until {@link #stop()} is called from another thread. */
    public void run() throws InterruptedException {
        try {
            while (true) {
                pollOnce();
            }
        } catch (WakeupException e) {
            LOG.info("evaluator stopping");
        }
    }

    /** One poll: every checkpoint it returns is processed and its offset committed; returns how many. */
    public int pollOnce() throws InterruptedException {
        int n = 0;
        for (ConsumerRecord<String, CheckpointEvent> r : consumer.poll(options.pollTimeout())) {
            if (r.value() != null) { // a tombstone announces nothing to evaluate
                process(r.value());
                publisher.flush();
            }
            consumer.commitSync(Map.of(new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1)));
            n++;
        }
        return n;
    }

    private void process(CheckpointEvent c) {
        if (options.skipDecided() && registry.decided(c.getCheckpointId())) {
            LOG.info("checkpoint {} already decided; skipped", c.getCheckpointId());
            return;
        }
        Instant now = clock.instant();
        PromotionDecision decision;
        List<String> refusals = admission.problems(c);
        if (!refusals.isEmpty()) {
            // Refused unopened: nothing the event names is read, and the run's promoted checkpoint stays as it is.
            String why = "refused: " + String.join("; ", refusals);
            LOG.warn("checkpoint {} {}", c.getCheckpointId(), why);
            publish(c, gate.refuse(c, why, registry.latest(c.getRunId()), now));
            publisher.send(topics.alerts(), c.getCheckpointId(), Alerts.refused(c, why, now));
            metrics.outcome("refused", now.toEpochMilli());
            return;
        }
        CheckpointEvaluator.Outcome outcome;
        try {
            outcome = evaluator.evaluate(c, (result, took) -> metrics.suite(result.suite(), result.score(), took));
        } catch (RuntimeException e) {
            LOG.error("checkpoint {} could not be evaluated", c.getCheckpointId(), e);
            decision = gate.refuse(c, "evaluation failed: " + e.getMessage(), registry.latest(c.getRunId()), now);
            publish(c, decision);
            publisher.send(topics.alerts(), c.getCheckpointId(), Alerts.failed(c, String.valueOf(e.getMessage()), now));
            metrics.outcome("failed", now.toEpochMilli());
            return;
        }
        if (outcome.refused()) {
            String why = outcome.verification().summary();
            decision = gate.refuse(c, why, registry.latest(c.getRunId()), now);
            publish(c, decision);
            publisher.send(topics.alerts(), c.getCheckpointId(), Alerts.tampered(c, why, now));
            metrics.outcome("refused", now.toEpochMilli());
            return;
        }
        Map<String, Double> scores = new LinkedHashMap<>();
        for (SuiteResult r : outcome.results()) {
            publisher.send(topics.safetyMetrics(), SafetyMetrics.key(c.getCheckpointId(), r.suite()), SafetyMetrics.of(c, r, options.maxDetails(), now));
            scores.put(r.suite(), r.score());
        }
        decision = gate.decide(c, scores, registry.latest(c.getRunId()), now);
        publish(c, decision);
        metrics.decided(decision.getDecision(), now.toEpochMilli());
        if (decision.getDecision() == Decision.REJECTED) {
            publisher.send(topics.alerts(), c.getCheckpointId(), Alerts.rejected(c, decision, now));
        }
        LOG.info("checkpoint {}: {} {}", c.getCheckpointId(), decision.getDecision(), decision.getReasons());
    }

    private void publish(CheckpointEvent c, PromotionDecision decision) {
        PromotionDecision signed = admission.signer().sign(decision);
        publisher.send(topics.promotions(), c.getRunId(), signed);
        registry.record(signed);
    }

    /** What {@code /metrics} serves: checkpoints by outcome, scores and time per suite. */
    public EvaluatorMetrics metrics() {
        return metrics;
    }

    /** Makes a blocked {@link #run()} return; safe from any thread. */
    public void stop() {
        consumer.wakeup();
    }

    @Override
    public void close() {
        consumer.close();
        publisher.close();
    }
}
