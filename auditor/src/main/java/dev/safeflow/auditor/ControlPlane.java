package dev.safeflow.auditor;

import dev.safeflow.avro.Alert;
import dev.safeflow.avro.Severity;
import dev.safeflow.avro.SourceBlock;
import dev.safeflow.schemas.config.PlatformConfig;
import dev.safeflow.schemas.config.Settings;
import dev.safeflow.schemas.control.ControlSigner;
import dev.safeflow.schemas.topics.Topics;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The auditor's side of the control plane: the key its own blocks are signed with and block events are checked
 * against, and where it reports a refused event. A refused event is answered twice: an alert on {@code alerts},
 * and the decision in force written again to {@code audit.blocked-sources}, because on a compacted topic the
 * refused event (a bare tombstone most of all) would otherwise erase that decision for the next auditor that
 * reads the topic from the start. Both are plain sends outside the Streams transaction: a global store's
 * processor cannot forward, and a lost or repeated alert costs less than a block that silently disappears.
 */
public class ControlPlane implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ControlPlane.class);
    public static final String REFUSED_KIND = "control-event-refused";

    private final ControlSigner signer;

    /** Signs with {@code signer} and reports refusals only to the log (topology tests, tools). */
    public ControlPlane(ControlSigner signer) {
        this.signer = signer;
    }

    /** The running auditor's: key from {@code control.signing-key-file}, reports to Kafka. */
    public static ControlPlane connect(Settings settings, Topics topics) {
        ControlSigner signer = ControlSigner.from(settings, "auditor");
        if (!signer.enabled()) {
            LOG.warn(ControlSigner.UNAUTHENTICATED_WARNING);
        }
        return new Kafka(signer, settings, topics);
    }

    public ControlSigner signer() {
        return signer;
    }

    /** Reports {@code refused} (null for a tombstone on {@code key}) and re-asserts {@code inForce} when there is one. */
    void refused(String key, SourceBlock refused, String why, SourceBlock inForce) {
        LOG.warn("audit.blocked-sources: event for '{}' refused: {}{}", key, why,
            inForce == null ? "" : "; the decision in force is written again");
        Map<String, String> attributes = new HashMap<>();
        attributes.put("actor", refused == null ? "" : refused.getActor());
        attributes.put("blocked", refused == null ? "tombstone" : Boolean.toString(refused.getBlocked()));
        send(new Alert(UUID.randomUUID().toString(), key, REFUSED_KIND, Severity.CRITICAL,
            "a control event on audit.blocked-sources for source '" + key + "' was refused: " + why
                + "; find who can write to that topic (docs/security.md)", "auditor", attributes, Instant.now()),
            inForce);
    }

    void send(Alert alert, SourceBlock inForce) {
    }

    @Override
    public void close() {
    }

    private static final class Kafka extends ControlPlane {
        private final Topics topics;
        private final KafkaProducer<String, Alert> alerts;
        private final KafkaProducer<String, SourceBlock> blocks;

        Kafka(ControlSigner signer, Settings settings, Topics topics) {
            super(signer);
            this.topics = topics;
            Map<String, Object> props = PlatformConfig.clientProperties(settings);
            props.put(ProducerConfig.ACKS_CONFIG, "all");
            this.alerts = new KafkaProducer<>(props, topics.alerts().keySerde().serializer(),
                topics.alerts().valueSerde().serializer());
            this.blocks = new KafkaProducer<>(props, topics.blockedSources().keySerde().serializer(),
                topics.blockedSources().valueSerde().serializer());
        }

        @Override
        void send(Alert alert, SourceBlock inForce) {
            alerts.send(new ProducerRecord<>(topics.alerts().name(), alert.getSubject(), alert));
            if (inForce != null) {
                blocks.send(new ProducerRecord<>(topics.blockedSources().name(), inForce.getSource(), inForce));
            }
        }

        @Override
        public void close() {
            alerts.close();
            blocks.close();
        }
    }
}
