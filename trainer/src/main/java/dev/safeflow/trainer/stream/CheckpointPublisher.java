package dev.safeflow.trainer.stream;

import dev.safeflow.avro.Alert;
import dev.safeflow.avro.AuditedRecord;
import dev.safeflow.avro.Verdict;
import dev.safeflow.avro.CheckpointEvent;
import dev.safeflow.avro.PartitionOffset;
import dev.safeflow.avro.Severity;
import dev.safeflow.schemas.config.PlatformConfig;
import dev.safeflow.schemas.config.Settings;
import dev.safeflow.schemas.control.ControlSigner;
import dev.safeflow.schemas.topics.Topic;
import dev.safeflow.schemas.topics.Topics;
import dev.safeflow.trainer.checkpoint.Checkpoint;
import dev.safeflow.trainer.checkpoint.TrainerState;
import dev.safeflow.trainer.step.FilteredExample;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the streaming trainer tells the platform: a {@link CheckpointEvent} per completed checkpoint,
 * its alerts, and the records its poison filter left out (to {@code ft.quarantine}, like the auditor's).
 */
final class CheckpointPublisher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CheckpointPublisher.class);
    /** The reason a record the trainer's poison filter left out carries on the quarantine topic. */
    static final String FILTER_REASON = "trainer:harmful-alignment";

    private final String runId;
    private final Topic<String, CheckpointEvent> checkpoints;
    private final Topic<String, Alert> alerts;
    private final KafkaProducer<String, CheckpointEvent> events;
    private final KafkaProducer<String, Alert> alertProducer;
    private final Topic<String, AuditedRecord> quarantine;
    private final KafkaProducer<String, AuditedRecord> quarantineProducer;
    /** Evaluators configured with the same control key accept only events this signer signed. */
    private final ControlSigner signer;

    CheckpointPublisher(Settings settings, String runId) {
        this.runId = runId;
        this.signer = ControlSigner.from(settings, "trainer:" + runId);
        if (!signer.enabled()) {
            LOG.warn(ControlSigner.UNAUTHENTICATED_WARNING);
        }
        Topics topics = PlatformConfig.topics(settings);
        this.checkpoints = topics.checkpoints();
        this.alerts = topics.alerts();
        Map<String, Object> props = new HashMap<>(PlatformConfig.clientProperties(settings));
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.putIfAbsent(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 60_000);
        this.events = new KafkaProducer<>(props, checkpoints.keySerde().serializer(), checkpoints.valueSerde().serializer());
        this.alertProducer = new KafkaProducer<>(props, alerts.keySerde().serializer(), alerts.valueSerde().serializer());
        this.quarantine = topics.quarantine();
        this.quarantineProducer = new KafkaProducer<>(props, quarantine.keySerde().serializer(),
                quarantine.valueSerde().serializer());
    }

    /** Sends the event and waits for the broker; false (logged) when it cannot, e.g. during an outage. */
    boolean publish(Checkpoint c) {
        TrainerState s = c.state();
        CheckpointEvent event = CheckpointEvent.newBuilder()
                .setCheckpointId(c.id()).setRunId(s.runId()).setStep(s.step()).setMethod(s.method())
                .setBaseModel(s.baseModel()).setUri(c.dir().toAbsolutePath().toUri().toString())
                .setManifestSha256(c.manifestSha256())
                .setOffsets(s.offsets().stream().map(o -> new PartitionOffset(o.topic(), o.partition(), o.nextOffset()))
                        .toList())
                .setMetrics(s.metrics()).setParentCheckpointId(s.parentCheckpointId()).setRecords(s.records())
                .setCreatedAt(Instant.ofEpochMilli(s.createdAt())).build();
        event = signer.sign(event);
        try {
            events.send(new ProducerRecord<>(checkpoints.name(), runId, event)).get(90, TimeUnit.SECONDS);
            return true;
        } catch (Exception e) {
            LOG.error("checkpoint {} is on disk but its event could not be published: {}", c.id(), e.getMessage());
            return false;
        }
    }

    void alert(String kind, String message) {
        LOG.warn(message);
        Alert a = Alert.newBuilder().setId(UUID.randomUUID().toString()).setSubject(runId).setKind(kind)
                .setSeverity(Severity.WARNING).setMessage(message).setOrigin("trainer").setAttributes(Map.of())
                .setCreatedAt(Instant.now()).build();
        alertProducer.send(new ProducerRecord<>(alerts.name(), runId, a));
    }

    /**
     * Sends a record the poison filter left out of step {@code step} to the quarantine topic, keyed by its
     * id, with reason {@value #FILTER_REASON} and the filter's scores. Sent, not awaited: a record lost in an
     * outage is still out of the lineage, and a replay after a crash sends it again (at least once).
     */
    void quarantine(AuditedRecord source, FilteredExample f, long step) {
        Map<String, Double> scores = new HashMap<>(source.getScores());
        scores.put(FILTER_REASON, f.score());
        scores.put(FILTER_REASON + ":z", f.z());
        List<String> reasons = new java.util.ArrayList<>(source.getReasons());
        reasons.add(FILTER_REASON);
        AuditedRecord out = AuditedRecord.newBuilder(source).setVerdict(Verdict.QUARANTINED).setScores(scores)
                .setReasons(reasons).setAuditorVersion("trainer " + runId + " step " + step)
                .setAuditedAt(Instant.now()).build();
        LOG.warn("record {} left out of step {}: harmful-alignment score {} (z {})", source.getRecord().getId(), step,
                f.score(), f.z());
        quarantineProducer.send(new ProducerRecord<>(quarantine.name(), source.getRecord().getId(), out));
    }

    @Override
    public void close() {
        quarantineProducer.close(java.time.Duration.ofSeconds(10));
        events.close(java.time.Duration.ofSeconds(10));
        alertProducer.close(java.time.Duration.ofSeconds(10));
    }
}
