package dev.safeflow.auditor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.safeflow.avro.AuditedRecord;
import dev.safeflow.avro.FineTuneRecord;
import dev.safeflow.embedded.junit.KafkaPlatform;
import dev.safeflow.embedded.junit.KafkaPlatformExtension;
import dev.safeflow.schemas.config.ConfigLoader;
import dev.safeflow.schemas.config.PlatformConfig;
import dev.safeflow.schemas.config.Settings;
import dev.safeflow.schemas.topics.Topics;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A blocked source cannot come back under another spelling: records written straight to ft.raw (bypassing
 * ingest) as case, white-space, dash, zero-width and Cyrillic variants of a blocked name all stay out of ft.clean.
 */
@ExtendWith(KafkaPlatformExtension.class)
class HomoglyphSourceIT {
    /** Folds to forum-scrape: blocked. */
    private static final List<String> SPELLINGS = List.of("Forum-Scrape", "FORUM-SCRAPE", " forum-scrape", "forum-scrape ",
        "\tforum-scrape", "forum-scrape\t", "forum\u2010scrape", "forum-scrape\u200B");
    /** No canonical form (Cyrillic о, е): quarantined as an invalid name. */
    private static final List<String> LOOK_ALIKES = List.of("f\u043Erum-scrape", "forum-scrap\u0435");

    @Test
    void afterABlockEverySpellingOfTheSourceIsKeptOutOfClean(KafkaPlatform kafka) throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> overrides = new HashMap<>(Map.of(
            "kafka.bootstrap.servers", kafka.bootstrapServers(), "registry.url", kafka.registryUrl(),
            "topics.prefix", "homoglyph-" + run + ".", "auditor.application-id", "auditor-homoglyph-" + run,
            "auditor.screeners", "rules", "auditor.http.port", "-1", "auditor.commit-interval", "100ms",
            "auditor.screen.batch-size", "1"));
        overrides.put("auditor.state-dir", Files.createTempDirectory("auditor-homoglyph").toString());
        overrides.putAll(ControlKeys.testKey());
        Settings settings = ConfigLoader.load(AuditorConfig.spec(), null, Map.of(), overrides);
        Topics topics = PlatformConfig.topics(settings);
        try (AuditorApp app = AuditorApp.start(settings)) {
            assertTrue(app.awaitRunning(Duration.ofSeconds(60)));
            SourceBlocks.block(settings, "forum-scrape", "test", "operator:test");
            AuditorQueries queries = new AuditorQueries(app.streams());
            for (int i = 0; i < 200 && queries.blockedSources().isEmpty(); i++) {
                Thread.sleep(100);
            }
            assertEquals("forum-scrape", queries.blockedSources().get(0).getSource());

            try (var producer = new KafkaProducer<String, FineTuneRecord>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrapServers()), new StringSerializer(), topics.raw().valueSerde().serializer())) {
                int i = 0;
                for (String spelling : concat(SPELLINGS, LOOK_ALIKES)) {
                    String id = "s" + i++;
                    producer.send(new ProducerRecord<>(topics.raw().name(), id, Records.benign(id, spelling)));
                }
                // Sent last from an unblocked team: once it is in ft.clean, every spelling has been decided.
                producer.send(new ProducerRecord<>(topics.raw().name(), "control", Records.benign("control", "other-team"))).get();
            }

            Map<String, AuditedRecord> clean = new HashMap<>();
            Map<String, AuditedRecord> quarantined = new HashMap<>();
            int expected = SPELLINGS.size() + LOOK_ALIKES.size();
            try (var consumer = new KafkaConsumer<String, AuditedRecord>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(), ConsumerConfig.GROUP_ID_CONFIG, "check-" + run,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest", ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new StringDeserializer(), topics.clean().valueSerde().deserializer())) {
                consumer.subscribe(List.of(topics.clean().name(), topics.quarantine().name()));
                long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
                while ((!clean.containsKey("control") || quarantined.size() < expected) && System.nanoTime() < deadline) {
                    consumer.poll(Duration.ofMillis(200)).forEach(r ->
                        (r.topic().equals(topics.clean().name()) ? clean : quarantined).put(r.key(), r.value()));
                }
            }
            assertEquals(List.of("control"), List.copyOf(clean.keySet()), "only the unblocked team's record is clean");
            assertEquals(expected, quarantined.size());
            for (int i = 0; i < SPELLINGS.size(); i++) {
                AuditedRecord r = quarantined.get("s" + i);
                assertEquals("forum-scrape", r.getRecord().getSource(), "counted under the canonical name");
                assertEquals(SPELLINGS.get(i), r.getRecord().getMetadata().get(SourceIdentity.AS_SENT));
                assertTrue(r.getReasons().contains(Reasons.BLOCKED_SOURCE), r.getReasons().toString());
            }
            for (int i = SPELLINGS.size(); i < expected; i++) {
                List<String> reasons = quarantined.get("s" + i).getReasons();
                assertTrue(reasons.contains(SourceIdentity.INVALID_REASON), reasons.toString());
            }
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }
}
