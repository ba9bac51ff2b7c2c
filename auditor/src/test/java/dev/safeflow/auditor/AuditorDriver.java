package dev.safeflow.auditor;

import dev.safeflow.auditor.screen.RuleSet;
import dev.safeflow.auditor.screen.RulesScreener;
import dev.safeflow.auditor.screen.Screener;
import dev.safeflow.auditor.screen.ScreeningCascade;
import dev.safeflow.avro.Alert;
import dev.safeflow.avro.AuditedRecord;
import dev.safeflow.avro.FineTuneRecord;
import dev.safeflow.avro.SourceBlock;
import dev.safeflow.avro.SourceStats;
import dev.safeflow.embedded.junit.KafkaPlatform;
import dev.safeflow.schemas.config.ConfigLoader;
import dev.safeflow.schemas.registry.SchemaRegistryClient;
import dev.safeflow.schemas.topics.Topic;
import dev.safeflow.schemas.topics.TopicCatalog;
import dev.safeflow.schemas.topics.Topics;
import java.nio.file.Files;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import dev.safeflow.schemas.control.ControlSigner;

/**
 * The auditor topology under a {@link TopologyTestDriver}, with Avro serdes against the real test
 * registry and unique topic names per instance. Configuration overrides use the real keys.
 */
final class AuditorDriver implements AutoCloseable {
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    final Topics topics;
    final Topology topology;
    final TopologyTestDriver driver;
    final TestInputTopic<String, byte[]> rawBytes;
    final TestInputTopic<String, SourceBlock> blocks;
    final TestOutputTopic<String, AuditedRecord> clean;
    final TestOutputTopic<String, AuditedRecord> quarantine;
    final TestOutputTopic<String, byte[]> deadLetters;
    final TestOutputTopic<String, SourceStats> stats;
    final TestOutputTopic<String, Alert> alerts;
    final TestOutputTopic<String, SourceBlock> blockOutput;
    private final Topic<String, FineTuneRecord> raw;

    AuditorDriver(KafkaPlatform kafka, Map<String, String> overrides, List<Screener> screeners) {
        this(kafka, overrides, screeners, new ControlPlane(ControlSigner.UNSIGNED));
    }

    AuditorDriver(KafkaPlatform kafka, Map<String, String> overrides, List<Screener> screeners, ControlPlane control) {
        this.topics = new Topics(new TopicCatalog("t" + UUID.randomUUID() + ".", 1, (short) 1),
            new SchemaRegistryClient(kafka.registryUrl(), ""));
        Map<String, String> config = new HashMap<>(Map.of("auditor.screen.batch-size", "1"));
        config.putAll(overrides);
        AuditPolicy policy = AuditPolicy.from(ConfigLoader.load(AuditorConfig.spec(), null, Map.of(), config));
        this.topology = AuditorTopology.buildTopology(topics, policy, new ScreeningCascade(screeners), new AuditorMetrics(), control);
        this.driver = new TopologyTestDriver(topology, properties(), T0);
        this.raw = topics.raw();
        this.rawBytes = driver.createInputTopic(raw.name(), Serdes.String().serializer(), Serdes.ByteArray().serializer());
        this.blocks = driver.createInputTopic(topics.blockedSources().name(), Serdes.String().serializer(),
            topics.blockedSources().valueSerde().serializer());
        this.clean = output(topics.clean());
        this.quarantine = output(topics.quarantine());
        this.deadLetters = output(topics.deadLetters());
        this.stats = output(topics.auditStats());
        this.alerts = output(topics.alerts());
        this.blockOutput = output(topics.blockedSources());
    }

    AuditorDriver(KafkaPlatform kafka, Map<String, String> overrides) {
        this(kafka, overrides, List.of(new RulesScreener(RuleSet.defaults(), 0.5)));
    }

    void send(FineTuneRecord record, Instant at) {
        rawBytes.pipeInput(record.getId(), raw.valueSerde().serializer().serialize(raw.name(), record), at);
    }

    void send(FineTuneRecord record) {
        send(record, T0);
    }

    private <V> TestOutputTopic<String, V> output(Topic<String, V> topic) {
        return driver.createOutputTopic(topic.name(), Serdes.String().deserializer(), topic.valueSerde().deserializer());
    }

    private static Properties properties() {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "auditor-test-" + UUID.randomUUID());
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        try {
            p.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("auditor-driver").toString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return p;
    }

    @Override
    public void close() {
        driver.close();
    }
}
