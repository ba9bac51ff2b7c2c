package dev.safeflow.connect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.safeflow.auditor.AuditorApp;
import dev.safeflow.auditor.AuditorConfig;
import dev.safeflow.avro.AuditedRecord;
import dev.safeflow.avro.FineTuneRecord;
import dev.safeflow.avro.Verdict;
import dev.safeflow.embedded.junit.KafkaPlatform;
import dev.safeflow.embedded.junit.KafkaPlatformExtension;
import dev.safeflow.schemas.config.ConfigLoader;
import dev.safeflow.schemas.config.PlatformConfig;
import dev.safeflow.schemas.config.Settings;
import dev.safeflow.schemas.topics.DeadLetterHeaders;
import dev.safeflow.schemas.topics.TopicAdmin;
import dev.safeflow.schemas.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.connect.cli.ConnectStandalone;
import org.apache.kafka.connect.file.FileStreamSourceConnector;
import org.apache.kafka.connect.runtime.Connect;
import org.apache.kafka.connect.runtime.Herder;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorInfo;
import org.apache.kafka.connect.runtime.standalone.StandaloneHerder;
import org.apache.kafka.connect.util.FutureCallback;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Connect worker (standalone, in this JVM, on the embedded broker) runs Kafka's own file source connector
 * with the transform; the real auditor behind it screens what arrives, to ft.clean.
 */
@ExtendWith(KafkaPlatformExtension.class)
class ConnectWorkerIT {
    private static final int GOOD = 25;

    @TempDir
    Path dir;

    @Test
    void theFileSourceConnectorWithTheTransformFeedsCleanAndDeadLettersWhatDoesNotMap(KafkaPlatform kafka) throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String prefix = "connect-" + run + ".";
        Settings auditorSettings = ConfigLoader.load(AuditorConfig.spec(), null, Map.of(), Map.of(
            "kafka.bootstrap.servers", kafka.bootstrapServers(), "registry.url", kafka.registryUrl(),
            "topics.prefix", prefix, "auditor.application-id", "auditor-connect-" + run,
            "auditor.state-dir", dir.resolve("auditor").toString(), "auditor.screeners", "rules",
            "auditor.http.port", "-1", "auditor.commit-interval", "100ms", "auditor.screen.max-wait", "50ms"));
        Topics topics = PlatformConfig.topics(auditorSettings);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            TopicAdmin.createAll(admin, topics.catalog());
        }
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < GOOD; i++) {
            lines.add("{\"row\": {\"id\": " + i + ", \"question\": \"How do I export report " + i
                + " as CSV?\", \"answer\": \"Open report " + i + ", choose Export, then CSV.\"}}");
        }
        lines.add("{\"row\": {\"id\": 1000, \"question\": \"No answer yet\"}}");
        lines.add("not json at all");
        Path input = Files.write(dir.resolve("tickets.jsonl"), lines, StandardCharsets.UTF_8);
        Path mapping = Files.writeString(dir.resolve("mapping.yaml"), """
            id: {template: "row-{/row/id}"}
            prompt: /row/question
            response: /row/answer
            """);

        Connect<StandaloneHerder> worker = new ConnectStandalone().startConnect(Map.of(
            "bootstrap.servers", kafka.bootstrapServers(),
            "key.converter", "org.apache.kafka.connect.storage.StringConverter",
            "value.converter", "org.apache.kafka.connect.converters.ByteArrayConverter",
            "offset.storage.file.filename", dir.resolve("offsets").toString(),
            "offset.flush.interval.ms", "500",
            "listeners", "http://127.0.0.1:0"));
        try (AuditorApp auditor = AuditorApp.start(auditorSettings)) {
            FutureCallback<Herder.Created<ConnectorInfo>> created = new FutureCallback<>();
            Map<String, String> connector = new HashMap<>();
            connector.put("name", "tickets");
            connector.put("connector.class", FileStreamSourceConnector.class.getName());
            connector.put("tasks.max", "1");
            connector.put("file", input.toString());
            connector.put("topic", "tickets-file");
            connector.put("transforms", "safeflow");
            connector.put("transforms.safeflow.type", ToFineTuneRecord.class.getName());
            connector.put("transforms.safeflow.source", "Helpdesk-Export");
            connector.put("transforms.safeflow.mapping.file", mapping.toString());
            connector.put("transforms.safeflow.registry.url", kafka.registryUrl());
            connector.put("transforms.safeflow.topics.prefix", prefix);
            worker.herder().putConnectorConfig("tickets", connector, false, created);
            created.get(60, TimeUnit.SECONDS);

            List<ConsumerRecord<String, byte[]>> clean = read(kafka, topics.clean().name(), GOOD);
            assertEquals(GOOD, clean.size());
            var audited = topics.clean().valueSerde().deserializer();
            Map<String, FineTuneRecord> byId = new HashMap<>();
            for (ConsumerRecord<String, byte[]> r : clean) {
                AuditedRecord a = audited.deserialize(r.topic(), r.value());
                assertEquals(Verdict.CLEAN, a.getVerdict());
                byId.put(a.getRecord().getId(), a.getRecord());
            }
            FineTuneRecord row3 = byId.get("row-3");
            assertEquals("helpdesk-export", row3.getSource());
            assertEquals("How do I export report 3 as CSV?", row3.getMessages().get(0).getContent());
            assertEquals("Open report 3, choose Export, then CSV.", row3.getMessages().get(1).getContent());
            assertEquals("tickets-file", row3.getMetadata().get("connect.topic"));

            List<ConsumerRecord<String, byte[]>> dlq = read(kafka, topics.deadLetters().name(), 2);
            assertEquals(2, dlq.size());
            Map<String, String> reasons = new HashMap<>();
            for (ConsumerRecord<String, byte[]> r : dlq) {
                reasons.put(header(r, DeadLetterHeaders.REASON), new String(r.value(), StandardCharsets.UTF_8));
                assertEquals("connect", header(r, DeadLetterHeaders.STAGE));
                assertEquals("helpdesk-export", r.key());
            }
            assertEquals(Map.of("unmapped", lines.get(GOOD), "malformed-json", "not json at all"), reasons);
        } finally {
            worker.stop();
        }
    }

    @Test
    void thePluginDirectoryCarriesTheTransformAndWhatItNeedsButNotWhatTheWorkerProvides() throws Exception {
        Path plugin = Path.of("target", "plugin", "safeflow-connect");
        assertTrue(Files.isDirectory(plugin), "mvn package builds " + plugin);
        List<String> jars;
        try (var files = Files.list(plugin)) {
            jars = files.map(p -> p.getFileName().toString()).sorted().toList();
        }
        assertTrue(jars.stream().anyMatch(j -> j.startsWith("safeflow-connect-")), jars.toString());
        assertTrue(jars.stream().anyMatch(j -> j.startsWith("safeflow-records-")), jars.toString());
        assertTrue(jars.stream().anyMatch(j -> j.startsWith("avro-")), jars.toString());
        assertTrue(jars.contains("README.md"), jars.toString());
        assertFalse(jars.stream().anyMatch(j -> j.startsWith("kafka-clients") || j.startsWith("connect-api") || j.startsWith("slf4j")),
            "the worker provides these: " + jars);
    }

    private static String header(ConsumerRecord<?, ?> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static List<ConsumerRecord<String, byte[]>> read(KafkaPlatform kafka, String topic, int expected) {
        Map<String, Object> props = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
            ConsumerConfig.GROUP_ID_CONFIG, "reader-" + UUID.randomUUID(), ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
            ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            long settle = Long.MAX_VALUE;
            while (System.nanoTime() < Math.min(deadline, settle)) {
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
                if (settle == Long.MAX_VALUE && out.size() >= expected) {
                    settle = System.nanoTime() + Duration.ofSeconds(2).toNanos();
                }
            }
        }
        return out;
    }
}
