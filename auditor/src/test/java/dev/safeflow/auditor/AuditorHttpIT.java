package dev.safeflow.auditor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.safeflow.avro.FineTuneRecord;
import dev.safeflow.embedded.junit.KafkaPlatform;
import dev.safeflow.embedded.junit.KafkaPlatformExtension;
import dev.safeflow.http.SlowClients;
import dev.safeflow.schemas.config.ConfigLoader;
import dev.safeflow.schemas.config.PlatformConfig;
import dev.safeflow.schemas.config.Settings;
import dev.safeflow.schemas.topics.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The running app's HTTP endpoint answers from its real state stores, and an operator block reaches it. */
@ExtendWith(KafkaPlatformExtension.class)
class AuditorHttpIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void servesStatisticsReasonsBlockedSourcesAndPrometheusMetrics(KafkaPlatform kafka) throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        Settings settings = ConfigLoader.load(AuditorConfig.spec(), null, Map.of(), Map.of(
            "kafka.bootstrap.servers", kafka.bootstrapServers(), "registry.url", kafka.registryUrl(),
            "topics.prefix", "http-" + run + ".", "auditor.application-id", "auditor-http-" + run,
            "auditor.state-dir", Files.createTempDirectory("auditor-http").toString(),
            "auditor.screeners", "rules", "auditor.http.port", "0", "auditor.screen.batch-size", "1",
            "auditor.commit-interval", "100ms"));
        Topics topics = PlatformConfig.topics(settings);
        try (AuditorApp app = AuditorApp.start(settings)) {
            assertTrue(app.awaitRunning(Duration.ofSeconds(60)));
            try (var producer = new KafkaProducer<String, FineTuneRecord>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrapServers()), new StringSerializer(), topics.raw().valueSerde().serializer())) {
                producer.send(new ProducerRecord<>(topics.raw().name(), "a1", Records.benign("a1", "team-a")));
                producer.send(new ProducerRecord<>(topics.raw().name(), "a2", Records.harmful("a2", "team-a"))).get();
            }
            String base = "http://localhost:" + app.httpPort();

            JsonNode stats = poll(base + "/stats?source=team-a", n -> n.size() == 1 && n.get(0).get("count").asLong() == 2);
            assertEquals(1, stats.get(0).get("quarantined").asLong());
            assertEquals(1, poll(base + "/reasons", n -> n.has("rules:weapons")).get("rules:weapons").asLong());

            SourceBlocks.block(settings, "team-b", "test block", "cli:test");
            JsonNode blocked = poll(base + "/blocked", n -> n.size() == 1);
            assertEquals("team-b", blocked.get(0).get("source").asText());

            String metrics = get(base + "/metrics").body();
            assertTrue(metrics.contains("safeflow_auditor_records_total{verdict=\"clean\"} 1"), metrics.lines().limit(5).toList().toString());
            assertTrue(metrics.contains("safeflow_auditor_records_total{verdict=\"quarantined\"} 1"));
            assertTrue(metrics.contains("kafka_stream_thread_metrics_process_total"), "Kafka Streams metrics are exported");
        }
    }

    @Test
    void slowHeaderAndSlowBodyClientsDoNotFreezeHealthOrStatistics(KafkaPlatform kafka) throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        Settings settings = ConfigLoader.load(AuditorConfig.spec(), null, Map.of(), Map.of(
            "kafka.bootstrap.servers", kafka.bootstrapServers(), "registry.url", kafka.registryUrl(),
            "topics.prefix", "slow-" + run + ".", "auditor.application-id", "auditor-slow-" + run,
            "auditor.state-dir", Files.createTempDirectory("auditor-slow").toString(),
            "auditor.screeners", "rules", "auditor.http.port", "0"));
        try (AuditorApp app = AuditorApp.start(settings)) {
            URI base = URI.create("http://localhost:" + app.httpPort());
            // Two stalled connections froze the auditor's two request threads; twenty of each kind now.
            try (SlowClients headers = SlowClients.headers(base, 20);
                 SlowClients bodies = SlowClients.bodies(base, 20, "POST", "/stats", Map.of(), 10_000)) {
                assertEquals(200, get(base + "/health").statusCode());
                poll(base + "/reasons", n -> true);
                assertEquals(0, headers.answeredWith(200), "the slow-header clients never completed a request");
            }
        }
    }

    private JsonNode poll(String url, Predicate<JsonNode> done) throws Exception {
        JsonNode last = null;
        for (int i = 0; i < 120; i++) {
            HttpResponse<String> r = get(url);
            if (r.statusCode() == 200) {
                last = JSON.readTree(r.body());
                if (done.test(last)) {
                    return last;
                }
            }
            Thread.sleep(250);
        }
        throw new AssertionError(url + " never answered as expected; last: " + last);
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
            HttpResponse.BodyHandlers.ofString());
    }
}
