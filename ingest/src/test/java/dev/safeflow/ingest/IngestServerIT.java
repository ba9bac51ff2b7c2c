package dev.safeflow.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.safeflow.embedded.junit.KafkaPlatform;
import dev.safeflow.embedded.junit.KafkaPlatformExtension;
import dev.safeflow.ingest.http.IngestServer;
import dev.safeflow.ingest.http.TokenGrants;
import dev.safeflow.records.FieldNames;
import dev.safeflow.schemas.topics.DeadLetterHeaders;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(KafkaPlatformExtension.class)
class IngestServerIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "s3cret";

    private final HttpClient client = HttpClient.newHttpClient();
    private IngestServer server;
    private KafkaFixture fx;

    private void start(KafkaPlatform kafka) throws Exception {
        fx = new KafkaFixture(kafka);
        server = IngestServer.start(fx.client, fx.topics, IngestServer.Options.of(0, TokenGrants.parse(null, TOKEN), 4096, 1024, FieldNames.standard()));
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private HttpResponse<String> post(String query, String contentType, String body, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + server.port() + "/v1/records" + query))
            .POST(HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + server.port() + path)).build(),
            HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void jsonlBodyIsAnsweredPerRecordAndProducedToRawAndDeadLetters(KafkaPlatform kafka) throws Exception {
        start(kafka);
        String body = "{\"id\":\"h1\",\"text\":\"fine\"}\n{\"text\": broken\n{\"prompt\":\"p\",\"completion\":\"c\"}\n";
        HttpResponse<String> r = post("?source=web&dataset=d1", "application/x-ndjson", body, TOKEN);
        assertEquals(200, r.statusCode(), r.body());
        JsonNode json = JSON.readTree(r.body());
        assertEquals(2, json.get("accepted").asInt());
        assertEquals(1, json.get("rejected").asInt());
        JsonNode results = json.get("results");
        assertEquals("accepted", results.get(0).get("status").asText());
        assertEquals("h1", results.get(0).get("id").asText());
        assertEquals("rejected", results.get(1).get("status").asText());
        assertEquals("malformed-json", results.get(1).get("reason").asText());
        assertEquals(2, results.get(1).get("record").asInt());
        assertEquals("prompt-completion", results.get(2).get("format").asText());

        var raw = fx.raw();
        assertEquals(2, raw.size());
        assertTrue(raw.stream().allMatch(x -> x.value().getSource().equals("web") && x.value().getDataset().equals("d1")));
        var dead = fx.deadLetters();
        assertEquals(1, dead.size());
        assertEquals("{\"text\": broken", new String(dead.get(0).value(), java.nio.charset.StandardCharsets.UTF_8));
        assertEquals("http", dead.get(0).headers().get(DeadLetterHeaders.FILE));
        assertEquals("2", dead.get(0).headers().get(DeadLetterHeaders.LINE));
        assertEquals("malformed-json", dead.get(0).headers().get(DeadLetterHeaders.REASON));
    }

    @Test
    void jsonArrayBodyIsOneRecordPerElement(KafkaPlatform kafka) throws Exception {
        start(kafka);
        HttpResponse<String> r = post("?source=web&format=alpaca", "application/json",
            "[{\"instruction\":\"q\",\"output\":\"a\"},{\"text\":\"not alpaca\"}]", TOKEN);
        assertEquals(200, r.statusCode(), r.body());
        JsonNode results = JSON.readTree(r.body()).get("results");
        assertEquals(List.of("accepted", "rejected"), List.of(results.get(0).get("status").asText(), results.get(1).get("status").asText()));
        assertEquals("unknown-shape", results.get(1).get("reason").asText());
    }

    @Test
    void missingOrWrongTokenIs401(KafkaPlatform kafka) throws Exception {
        start(kafka);
        assertEquals(401, post("?source=web", null, "{\"text\":\"t\"}", null).statusCode());
        HttpResponse<String> wrong = post("?source=web", null, "{\"text\":\"t\"}", "guess");
        assertEquals(401, wrong.statusCode());
        assertEquals("Bearer", wrong.headers().firstValue("WWW-Authenticate").orElse(""));
        assertTrue(fx.raw().isEmpty());
    }

    @Test
    void oversizedBodyIs413(KafkaPlatform kafka) throws Exception {
        start(kafka);
        String big = "{\"text\":\"" + "x".repeat(5000) + "\"}";
        HttpResponse<String> refused = post("?source=web", "application/json", big, TOKEN);
        assertEquals(413, refused.statusCode());
        assertEquals("close", refused.headers().firstValue("Connection").orElse(""));
        // The same pooled client goes on working: it does not send the next request down the closed connection.
        assertEquals(200, post("?source=web", "application/json", "{\"text\":\"after a refused body\"}", TOKEN)
                .statusCode());
    }

    @Test
    void malformedJsonBodyOrMissingSourceIs400(KafkaPlatform kafka) throws Exception {
        start(kafka);
        assertEquals(400, post("?source=web", "application/json", "{\"text\": ", TOKEN).statusCode());
        assertEquals(400, post("?source=web", "application/json", "", TOKEN).statusCode());
        assertEquals(400, post("", "application/json", "{\"text\":\"t\"}", TOKEN).statusCode());
        assertEquals(400, post("?source=web&format=yaml", "application/json", "{\"text\":\"t\"}", TOKEN).statusCode());
    }

    @Test
    void healthAndPrometheusMetricsCountWhatHappened(KafkaPlatform kafka) throws Exception {
        start(kafka);
        post("?source=web", "application/x-ndjson", "{\"text\":\"a\"}\n{\"nope\":1}\n", TOKEN);
        post("?source=web", null, "{}", "bad");
        HttpResponse<String> health = get("/health");
        assertEquals(200, health.statusCode());
        assertEquals("up", JSON.readTree(health.body()).get("status").asText());
        HttpResponse<String> metrics = get("/metrics");
        assertEquals(200, metrics.statusCode());
        assertTrue(metrics.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
        String text = metrics.body();
        assertTrue(text.contains("safeflow_ingest_records_total{outcome=\"accepted\"} 1.0\n"), text);
        assertTrue(text.contains("safeflow_ingest_rejected_total{reason=\"unknown-shape\"} 1.0\n"), text);
        assertTrue(text.contains("safeflow_ingest_http_responses_total{code=\"401\"} 1.0\n"), text);
        assertTrue(text.contains("safeflow_ingest_http_responses_total{code=\"200\"} 1.0\n"), text);
    }
}
