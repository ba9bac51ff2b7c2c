package dev.safeflow.evaluator.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.safeflow.avro.Decision;
import dev.safeflow.avro.PromotionDecision;
import dev.safeflow.http.SlowClients;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RegistryServerTest {

    private static PromotionDecision decision(String run, String checkpoint, Decision d, double harmful) {
        return PromotionDecision.newBuilder().setRunId(run).setCheckpointId(checkpoint).setDecision(d)
            .setReasons(List.of()).setMetrics(Map.of("harmful", harmful)).setRollbackRequested(false).setRollbackTo(null)
            .setDecidedAt(Instant.ofEpochMilli(5)).build();
    }

    @Test
    void theRegistryKeepsOnlyPromotedCheckpointsAndIgnoresReplayedDecisions() {
        PromotedRegistry r = new PromotedRegistry();
        r.record(decision("a", "a-1", Decision.PROMOTED, 1));
        r.record(decision("a", "a-2", Decision.REJECTED, 40));
        r.record(decision("a", "a-1", Decision.PROMOTED, 1));
        assertEquals(1, r.promoted("a").size());
        assertEquals("a-1", r.latest("a").orElseThrow().checkpointId());
        assertTrue(r.decided("a-2"));
    }

    @Test
    void promotedCheckpointsAreQueryableOverHttp() throws Exception {
        PromotedRegistry r = new PromotedRegistry();
        r.record(decision("run-a", "run-a-step-1", Decision.PROMOTED, 1.5));
        r.record(decision("run-a", "run-a-step-2", Decision.PROMOTED, 0.5));
        r.record(decision("run-b", "run-b-step-1", Decision.REJECTED, 50));
        ObjectMapper json = new ObjectMapper();
        HttpClient http = HttpClient.newHttpClient();
        try (RegistryServer server = RegistryServer.start(r, "127.0.0.1", 0)) {
            String base = "http://127.0.0.1:" + server.port();
            HttpResponse<String> all = http.send(HttpRequest.newBuilder(URI.create(base + "/promoted")).build(),
                HttpResponse.BodyHandlers.ofString());
            assertEquals(200, all.statusCode());
            JsonNode runs = json.readTree(all.body()).get("runs");
            assertEquals(2, runs.get("run-a").size());
            assertTrue(runs.path("run-b").isMissingNode());

            HttpResponse<String> one = http.send(HttpRequest.newBuilder(URI.create(base + "/promoted/run-a")).build(),
                HttpResponse.BodyHandlers.ofString());
            assertEquals(200, one.statusCode());
            JsonNode body = json.readTree(one.body());
            assertEquals("run-a-step-2", body.get("latest").get("checkpointId").asText());
            assertEquals(0.5, body.get("latest").get("scores").get("harmful").asDouble());

            HttpResponse<String> none = http.send(HttpRequest.newBuilder(URI.create(base + "/promoted/run-b")).build(),
                HttpResponse.BodyHandlers.ofString());
            assertEquals(404, none.statusCode());
        }
    }

    @Test
    void slowHeaderAndSlowBodyClientsDoNotStopPromotedQueries() throws Exception {
        PromotedRegistry r = new PromotedRegistry();
        r.record(decision("run-a", "run-a-step-1", Decision.PROMOTED, 1.5));
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();
        // The registry answered on one thread: a single stalled client froze it. Twenty of each kind now.
        try (RegistryServer server = RegistryServer.start(r, "127.0.0.1", 0);
             SlowClients headers = SlowClients.headers(URI.create("http://127.0.0.1:" + server.port()), 20);
             SlowClients bodies = SlowClients.bodies(URI.create("http://127.0.0.1:" + server.port()), 20, "POST",
                 "/promoted", Map.of(), 10_000)) {
            String base = "http://127.0.0.1:" + server.port();
            for (String path : List.of("/health", "/promoted/run-a")) {
                HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(base + path))
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(200, answer.statusCode(), path);
            }
            assertEquals(0, headers.answeredWith(200), "the slow-header clients never completed a request");
        }
    }
}
