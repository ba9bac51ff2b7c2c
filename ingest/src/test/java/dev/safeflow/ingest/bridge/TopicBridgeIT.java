package dev.safeflow.ingest.bridge;

import static dev.safeflow.ingest.bridge.BridgeTopics.utf8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.safeflow.auditor.AuditorApp;
import dev.safeflow.auditor.AuditorConfig;
import dev.safeflow.avro.AuditedRecord;
import dev.safeflow.avro.FineTuneRecord;
import dev.safeflow.avro.Verdict;
import dev.safeflow.embedded.junit.KafkaPlatform;
import dev.safeflow.embedded.junit.KafkaPlatformExtension;
import dev.safeflow.ingest.IngestConfig;
import dev.safeflow.records.mapping.RecordMapping;
import dev.safeflow.schemas.config.ConfigLoader;
import dev.safeflow.schemas.config.PlatformConfig;
import dev.safeflow.schemas.config.Settings;
import dev.safeflow.schemas.registry.SchemaRegistryClient;
import dev.safeflow.schemas.serde.AvroSerializer;
import dev.safeflow.schemas.topics.DeadLetterHeaders;
import dev.safeflow.schemas.topics.Topics;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.common.serialization.Deserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A team's own topics, one of JSON tickets and one of Avro tickets in a schema this test defines, bridged into
 * ft.raw and through the real auditor to ft.clean; what does not map lands on ft.dlq with where it came from.
 */
@ExtendWith(KafkaPlatformExtension.class)
class TopicBridgeIT {
    private static final String JSON_MAPPING = """
        id: /ticket/id
        dataset: {literal: tickets}
        prompt: {template: "{/ticket/subject}: {/ticket/body}"}
        response: {join: [/replies], separator: "\\n"}
        """;
    private static final String AVRO_MAPPING = """
        id: {template: "avro-{number}"}
        prompt: question
        response: {default: [answer.text, {literal: ""}]}
        """;
    private static final Schema REPLY = SchemaBuilder.record("Reply").namespace("acme.support").fields()
        .requiredString("text").endRecord();
    private static final Schema TICKET = SchemaBuilder.record("Ticket").namespace("acme.support").fields()
        .requiredLong("number").requiredString("question")
        .name("answer").type().optional().type(REPLY).endRecord();

    @Test
    void jsonAndAvroTopicsReachCleanThroughTheAuditorAndBadRecordsTheDeadLetterTopic(KafkaPlatform kafka) throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        Settings settings = settings(kafka, run);
        Topics topics = PlatformConfig.topics(settings);
        BridgeTopics broker = new BridgeTopics(kafka);
        String jsonTopic = "support.tickets-json-" + run;
        String avroTopic = "support.tickets-avro-" + run;
        broker.create(jsonTopic, 2);
        broker.create(avroTopic, 2);

        List<byte[]> json = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            json.add(utf8(jsonTicket("J-" + i, i)));
        }
        byte[] notJson = utf8("{\"ticket\": oops");
        byte[] noReplies = utf8("{\"ticket\": {\"id\": \"J-x\", \"subject\": \"Printer\", \"body\": \"jammed\"}}");
        json.add(notJson);
        json.add(noReplies);
        broker.send(jsonTopic, json);

        AvroSerializer<GenericRecord> avro = new AvroSerializer<>(new SchemaRegistryClient(kafka.registryUrl(), null), false);
        List<byte[]> avroValues = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            avroValues.add(avro.serialize(avroTopic, avroTicket(i, "My invoice " + i + " shows the wrong address.",
                "Update the billing address under Account, invoice " + i + " is then reissued.")));
        }
        byte[] unanswered = avro.serialize(avroTopic, avroTicket(99, "Where is my parcel?", null));
        byte[] notAvro = utf8("plain text on an Avro topic");
        avroValues.add(unanswered);
        avroValues.add(notAvro);
        broker.send(avroTopic, avroValues);

        try (AuditorApp auditor = AuditorApp.start(auditorSettings(kafka, run));
             TopicBridge fromJson = TopicBridge.start(settings, bridge(jsonTopic, "Support-Desk", ValueFormat.JSON, JSON_MAPPING), true);
             TopicBridge fromAvro = TopicBridge.start(settings, bridge(avroTopic, "billing", ValueFormat.AVRO, AVRO_MAPPING), true)) {
            Deserializer<AuditedRecord> audited = topics.clean().valueSerde().deserializer();
            List<BridgeTopics.Read> clean = broker.readUntil(List.of(topics.clean().name(), topics.quarantine().name()),
                r -> r.size() >= 70, Duration.ofSeconds(2));
            Map<String, AuditedRecord> byId = new HashMap<>();
            for (BridgeTopics.Read r : clean) {
                AuditedRecord a = audited.deserialize(topics.clean().name(), r.value());
                byId.put(a.getRecord().getId(), a);
            }
            assertEquals(70, clean.size(), "each good record once: " + byId.keySet());
            assertTrue(byId.values().stream().allMatch(a -> a.getVerdict() == Verdict.CLEAN), "benign tickets are clean");
            FineTuneRecord j7 = byId.get("J-7").getRecord();
            assertEquals("support-desk", j7.getSource(), "the source name in its canonical form");
            assertEquals("tickets", j7.getDataset());
            assertEquals("Login 7: I cannot log in on device 7.", j7.getMessages().get(0).getContent());
            assertEquals(jsonTopic, j7.getMetadata().get("topic"));
            FineTuneRecord a3 = byId.get("avro-3").getRecord();
            assertEquals("billing", a3.getSource());
            assertEquals("Update the billing address under Account, invoice 3 is then reissued.", a3.getMessages().get(1).getContent());

            List<BridgeTopics.Read> dlq = broker.readUntil(List.of(topics.deadLetters().name()), r -> r.size() >= 4, Duration.ofSeconds(1));
            Map<String, BridgeTopics.Read> byReason = dlq.stream().collect(Collectors.toMap(r -> r.header(DeadLetterHeaders.REASON)
                + "@" + r.header(DeadLetterHeaders.ORIGINAL_TOPIC), r -> r));
            assertEquals(Set.of("malformed-json@" + jsonTopic, "unmapped@" + jsonTopic, "unmapped@" + avroTopic,
                "malformed-avro@" + avroTopic), byReason.keySet());
            BridgeTopics.Read bad = byReason.get("malformed-json@" + jsonTopic);
            assertArrayEquals(notJson, bad.value(), "the bytes as they arrived");
            assertEquals("support-desk", bad.key());
            assertEquals("bridge", bad.header(DeadLetterHeaders.STAGE));
            assertTrue(Long.parseLong(bad.header(DeadLetterHeaders.ORIGINAL_OFFSET)) >= 0);
            assertTrue(bad.headers().containsKey(DeadLetterHeaders.ORIGINAL_PARTITION));
            assertEquals("response: join found nothing: no value at /replies", byReason.get("unmapped@" + jsonTopic)
                .header(DeadLetterHeaders.DETAIL));
            assertArrayEquals(unanswered, byReason.get("unmapped@" + avroTopic).value());
        }
    }

    @Test
    void aRestartMidStreamResumesFromCommittedOffsetsWithoutLossOrDuplication(KafkaPlatform kafka) throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        Settings settings = settings(kafka, run);
        Topics topics = PlatformConfig.topics(settings);
        BridgeTopics broker = new BridgeTopics(kafka);
        String topic = "support.tickets-" + run;
        broker.create(topic, 3);
        int first = 1500;
        int second = 300;
        List<byte[]> values = new ArrayList<>();
        for (int i = 0; i < first + second; i++) {
            values.add(utf8(jsonTicket("R-" + i, i)));
        }
        broker.send(topic, values.subList(0, first));
        BridgeTopology.Settings bridge = bridge(topic, "support", ValueFormat.JSON, JSON_MAPPING);
        long atStop;
        TopicBridge running = TopicBridge.start(settings, bridge, true);
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (running.counters().produced() < 200 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            atStop = running.counters().produced();
        } finally {
            running.close();
        }
        long firstRun = running.counters().produced();
        // The closed bridge left its group, so the next one is not kept waiting for the old member's session to expire.
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(running.applicationId()))
                .describedGroups().get(running.applicationId()).get();
            assertEquals(List.of(), group.members().stream().map(m -> m.consumerId()).toList(), "members left after close");
        }
        broker.send(topic, values.subList(first, first + second));
        // Without --from-beginning: only the committed offsets can bring the second run back to where the first stopped.
        try (TopicBridge resumed = TopicBridge.start(settings, bridge, false)) {
            List<BridgeTopics.Read> raw = broker.readUntil(List.of(topics.raw().name()), r -> r.size() >= first + second,
                Duration.ofSeconds(3));
            Map<String, Integer> timesSeen = new HashMap<>();
            raw.forEach(r -> timesSeen.merge(r.key(), 1, Integer::sum));
            System.out.println("stop requested after " + atStop + " of " + first + " mapped; the first run mapped " + firstRun
                + " by the time it closed, the resumed run " + resumed.counters().produced());
            assertTrue(firstRun < first, "the stop came mid-stream (" + firstRun + " of " + first + ")");
            // On failure, say whether the resumed run mapped the missing records (then they await a commit) or never read them.
            assertEquals(first + second, timesSeen.size(), "every record reaches ft.raw (the resumed run mapped "
                + resumed.counters().produced() + " and is " + resumed.state() + ")");
            Set<String> twice = new TreeSet<>();
            timesSeen.forEach((id, n) -> {
                if (n > 1) {
                    twice.add(id);
                }
            });
            assertTrue(twice.isEmpty(), "no record is written twice: " + twice);
        }
    }

    private static String jsonTicket(String id, int i) {
        return "{\"ticket\": {\"id\": \"" + id + "\", \"subject\": \"Login " + i + "\", \"body\": \"I cannot log in on device "
            + i + ".\"}, \"replies\": [\"Reset your password from the sign-in page.\", \"Then sign in again on device " + i + ".\"]}";
    }

    private static GenericRecord avroTicket(long number, String question, String answer) {
        GenericRecord t = new GenericData.Record(TICKET);
        t.put("number", number);
        t.put("question", question);
        if (answer != null) {
            GenericRecord reply = new GenericData.Record(REPLY);
            reply.put("text", answer);
            t.put("answer", reply);
        }
        return t;
    }

    private static BridgeTopology.Settings bridge(String from, String source, ValueFormat format, String mapping) {
        return new BridgeTopology.Settings(from, dev.safeflow.schemas.identity.SourceName.normalise(source), format,
            RecordMapping.parse(mapping, from + ".yaml"));
    }

    private static Settings settings(KafkaPlatform kafka, String run) throws Exception {
        return ConfigLoader.load(IngestConfig.spec(), null, Map.of(), Map.of(
            "kafka.bootstrap.servers", kafka.bootstrapServers(), "registry.url", kafka.registryUrl(),
            "topics.prefix", "bridge-" + run + ".", "ingest.bridge.commit-interval", "100ms",
            "ingest.bridge.state-dir", Files.createTempDirectory("bridge-state").toString()));
    }

    private static Settings auditorSettings(KafkaPlatform kafka, String run) throws Exception {
        return ConfigLoader.load(AuditorConfig.spec(), null, Map.of(), Map.of(
            "kafka.bootstrap.servers", kafka.bootstrapServers(), "registry.url", kafka.registryUrl(),
            "topics.prefix", "bridge-" + run + ".", "auditor.application-id", "auditor-bridge-" + run,
            "auditor.state-dir", Files.createTempDirectory("auditor-state").toString(),
            "auditor.screeners", "rules", "auditor.http.port", "-1", "auditor.commit-interval", "100ms",
            "auditor.screen.batch-size", "8", "auditor.screen.max-wait", "50ms"));
    }
}
