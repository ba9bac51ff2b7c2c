package dev.safeflow.auditor;

import dev.safeflow.avro.SourceBlock;
import dev.safeflow.schemas.config.PlatformConfig;
import dev.safeflow.schemas.config.Settings;
import dev.safeflow.schemas.control.ControlSigner;
import dev.safeflow.schemas.identity.SourceName;
import dev.safeflow.schemas.topics.Topic;
import dev.safeflow.schemas.topics.Topics;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Operator blocks and unblocks: one {@link SourceBlock} on the compacted {@code audit.blocked-sources},
 * which every running auditor reads as a global table, so the decision applies within moments. The source is
 * stored under its {@link SourceName canonical} name, the one the auditor folds every record's source to. The decision
 * is signed with {@code control.signing-key-file}: auditors configured with that key ignore anything else
 * ({@link BlockTable}), and only a signed unblock lifts a block.
 */
public final class SourceBlocks {
    private SourceBlocks() {
    }

    /** Blocks {@code source} under its canonical name; throws {@link IllegalArgumentException} for a name with none. */
    public static SourceBlock block(Settings settings, String source, String reason, String actor) {
        return write(settings, new SourceBlock(SourceName.normalise(source), true, reason, actor, Instant.now(), ""));
    }

    public static SourceBlock unblock(Settings settings, String source, String reason, String actor) {
        return write(settings, new SourceBlock(SourceName.normalise(source), false, reason, actor, Instant.now(), ""));
    }

    private static SourceBlock write(Settings settings, SourceBlock unsigned) {
        ControlSigner signer = ControlSigner.from(settings, unsigned.getActor());
        if (!signer.enabled()) {
            System.err.println(ControlSigner.UNAUTHENTICATED_WARNING);
        }
        SourceBlock decision = signer.sign(unsigned);
        Topics topics = PlatformConfig.topics(settings);
        Topic<String, SourceBlock> topic = topics.blockedSources();
        Map<String, Object> props = PlatformConfig.clientProperties(settings);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 15_000);
        try (KafkaProducer<String, SourceBlock> producer = new KafkaProducer<>(props,
            topic.keySerde().serializer(), topic.valueSerde().serializer())) {
            producer.send(new ProducerRecord<>(topic.name(), decision.getSource(), decision)).get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException | org.apache.kafka.common.KafkaException e) {
            throw new IllegalStateException("could not write to " + topic.name() + " at "
                + settings.get(PlatformConfig.BOOTSTRAP_SERVERS) + " (" + e.getMessage()
                + "): check kafka.bootstrap.servers and that the topic exists (safeflow topics create)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing the block decision", e);
        }
        return decision;
    }
}
