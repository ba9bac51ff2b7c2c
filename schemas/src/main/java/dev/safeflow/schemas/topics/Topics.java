package dev.safeflow.schemas.topics;

import dev.safeflow.avro.Alert;
import dev.safeflow.avro.AuditedRecord;
import dev.safeflow.avro.CheckpointEvent;
import dev.safeflow.avro.FineTuneRecord;
import dev.safeflow.avro.PromotionDecision;
import dev.safeflow.avro.SafetyMetric;
import dev.safeflow.avro.SourceBlock;
import dev.safeflow.avro.SourceStats;
import dev.safeflow.schemas.registry.SchemaRegistryClient;
import dev.safeflow.schemas.serde.AvroSerde;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/** The typed topics of a catalog: string keys and Avro values through one registry (DESIGN.md's topic table). */
public final class Topics {
    private final TopicCatalog catalog;
    private final SchemaRegistryClient registry;

    public Topics(TopicCatalog catalog, SchemaRegistryClient registry) {
        this.catalog = catalog;
        this.registry = registry;
    }

    public TopicCatalog catalog() {
        return catalog;
    }

    public Topic<String, FineTuneRecord> raw() {
        return avro(SafeflowTopic.FT_RAW, FineTuneRecord.class);
    }

    /** Dead letters are raw bytes as they arrived; the reason travels in headers. */
    public Topic<String, byte[]> deadLetters() {
        return new Topic<>(catalog.name(SafeflowTopic.FT_DLQ), Serdes.String(), Serdes.ByteArray());
    }

    public Topic<String, AuditedRecord> clean() {
        return avro(SafeflowTopic.FT_CLEAN, AuditedRecord.class);
    }

    public Topic<String, AuditedRecord> quarantine() {
        return avro(SafeflowTopic.FT_QUARANTINE, AuditedRecord.class);
    }

    public Topic<String, SourceStats> auditStats() {
        return avro(SafeflowTopic.AUDIT_STATS, SourceStats.class);
    }

    public Topic<String, SourceBlock> blockedSources() {
        return avro(SafeflowTopic.AUDIT_BLOCKED_SOURCES, SourceBlock.class);
    }

    public Topic<String, Alert> alerts() {
        return avro(SafeflowTopic.ALERTS, Alert.class);
    }

    public Topic<String, CheckpointEvent> checkpoints() {
        return avro(SafeflowTopic.MODEL_CHECKPOINTS, CheckpointEvent.class);
    }

    public Topic<String, SafetyMetric> safetyMetrics() {
        return avro(SafeflowTopic.SAFETY_METRICS, SafetyMetric.class);
    }

    public Topic<String, PromotionDecision> promotions() {
        return avro(SafeflowTopic.MODEL_PROMOTIONS, PromotionDecision.class);
    }

    private <V extends SpecificRecord> Topic<String, V> avro(SafeflowTopic topic, Class<V> type) {
        Serde<V> values = new AvroSerde<>(registry, type, false);
        return new Topic<>(catalog.name(topic), Serdes.String(), values);
    }
}
