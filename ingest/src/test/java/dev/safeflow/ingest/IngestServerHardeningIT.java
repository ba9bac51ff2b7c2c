package dev.safeflow.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.safeflow.embedded.junit.KafkaPlatform;
import dev.safeflow.embedded.junit.KafkaPlatformExtension;
import dev.safeflow.http.SlowClients;
import dev.safeflow.ingest.http.IngestServer;
import dev.safeflow.ingest.http.TokenGrants;
import dev.safeflow.records.FieldNames;
import dev.safeflow.schemas.topics.DeadLetterHeaders;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The attacks of the HTTP drill against {@code ingest serve}, each refused or survived. */
@ExtendWith(KafkaPlatformExtension.class)
class IngestServerHardeningIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration LIVENESS = Duration.ofSeconds(60);
    /** The server had eight request threads; this is three times that. */
    private static final int SLOW_CLIENTS = 24;
    private static final int MAX_BODY = 16 << 20;
    private static final int MAX_RECORD = 900_000;

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(LIVENESS).build();
    private IngestServer server;
    private KafkaFixture fx;

    private void start(KafkaPlatform kafka, String tokens) throws Exception {
        fx = new KafkaFixture(kafka);
        server = IngestServer.start(fx.client, fx.topics,
            IngestServer.Options.of(0, TokenGrants.parse(tokens, null), MAX_BODY, MAX_RECORD, FieldNames.standard()));
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private HttpResponse<String> post(String source, String contentType, String body, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(server.url().resolve("/v1/records?source=" + source))
            .timeout(LIVENESS).header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> health() throws Exception {
        return client.send(HttpRequest.newBuilder(server.url().resolve("/health")).timeout(LIVENESS).build(),
            HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void slowHeaderAndSlowBodyClientsWithAndWithoutTokenLeaveHealthAndAPostAnswering(KafkaPlatform kafka) throws Exception {
        start(kafka, "tok=web");
        String records = "/v1/records?source=web";
        try (SlowClients headers = SlowClients.headers(server.url(), SLOW_CLIENTS);
             SlowClients anonymous = SlowClients.bodies(server.url(), SLOW_CLIENTS, "POST", records, Map.of(), 100_000);
             // Fewer than the 16 request slots: each holds one while its body trickles in.
             SlowClients holders = SlowClients.bodies(server.url(), 12, "POST", records,
                 Map.of("Authorization", "Bearer tok", "Content-Type", "application/x-ndjson"), 100_000)) {
            assertEquals(200, health().statusCode());
            HttpResponse<String> normal = post("web", "application/x-ndjson", "{\"text\":\"still served\"}\n", "tok");
            assertEquals(200, normal.statusCode(), normal.body());
            assertEquals(1, JSON.readTree(normal.body()).get("accepted").asInt());
            assertEquals(SLOW_CLIENTS, anonymous.answeredWith(401), "refused from their headers, before any body byte is read");
            assertEquals(0, holders.answeredWith(200), "the token holders' bodies are still being awaited");
        }
    }

    @Test
    void twoMegabytesOfOneLineRecordsWriteAtMostMaxRejectedDeadLetters(KafkaPlatform kafka) throws Exception {
        start(kafka, "tok=web");
        String body = "1\n".repeat(1 << 20);
        long started = System.nanoTime();
        HttpResponse<String> r = post("web", "application/x-ndjson", body, "tok");
        double seconds = (System.nanoTime() - started) / 1e9;
        assertEquals(200, r.statusCode(), r.body().lines().findFirst().orElse(""));
        JsonNode answer = JSON.readTree(r.body());
        int rejected = answer.get("rejected").asInt();
        int deadLetters = fx.deadLetters().size();
        System.out.printf("amplification drill: %d lines of '1' (%d bytes) -> %d dead letters, %d results in %.1f s; stopped: %s%n",
            1 << 20, body.length(), deadLetters, answer.get("results").size(), seconds, answer.get("stopped").asText());
        assertEquals(1_000, rejected, "ingest.http.max-rejected (default 1000) dead letters, not a million");
        assertEquals(1_000, deadLetters);
        assertEquals(1_000, answer.get("results").size(), "one answer per record read");
        assertTrue(answer.get("stopped").asText().contains("ingest.http.max-rejected"), answer.get("stopped").asText());
        assertEquals(200, health().statusCode(), "junk from one client does not mark the server degraded");
    }

    @Test
    void aSingleRecordOverOneMebibyteLandsOnTheDeadLetterTopicCutToFitWithItsSizeAndHash(KafkaPlatform kafka) throws Exception {
        start(kafka, "tok=web");
        String big = "{\"text\":\"" + "x".repeat(1_200_000) + "\"}";
        HttpResponse<String> r = post("web", "application/json", "[{\"text\":\"small and fine\"}," + big + "]", "tok");
        assertEquals(200, r.statusCode(), "no 503: a retry could never make this record fit");
        JsonNode answer = JSON.readTree(r.body());
        assertEquals(1, answer.get("accepted").asInt(), "the other record of the request is reported accepted");
        JsonNode tooLarge = answer.get("results").get(1);
        assertEquals("rejected", tooLarge.get("status").asText());
        assertEquals("too-large", tooLarge.get("reason").asText());
        assertEquals(big.length(), tooLarge.get("originalBytes").asInt());
        String sha = IngestProducer.sha256(big.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(sha, tooLarge.get("sha256").asText());

        var dead = fx.deadLetters();
        assertEquals(1, dead.size(), "the record is on ft.dlq, not lost");
        assertEquals(tooLarge.get("deadLetterBytes").asInt(), dead.get(0).value().length);
        assertTrue(dead.get(0).value().length < big.length() && dead.get(0).value().length > 900_000, "cut to just under 1 MiB");
        assertEquals(String.valueOf(big.length()), dead.get(0).headers().get(DeadLetterHeaders.ORIGINAL_BYTES));
        assertEquals(sha, dead.get(0).headers().get(DeadLetterHeaders.ORIGINAL_SHA256));
        assertEquals("too-large", dead.get(0).headers().get(DeadLetterHeaders.REASON));
        assertEquals(1, fx.raw().size());
        HttpResponse<String> health = health();
        assertEquals(200, health.statusCode(), "one client's bad record does not mark the server degraded: " + health.body());
    }

    @Test
    void aTokenWritesOnlyTheSourcesItIsGrantedInTheirCanonicalForm(KafkaPlatform kafka) throws Exception {
        start(kafka, "team-a-token=Team-A|forum.scrape,ops-token=*");
        String record = "{\"text\":\"hello\"}";
        assertEquals(200, post("team-a", "application/json", record, "team-a-token").statusCode());
        assertEquals(200, post("TEAM-A", "application/json", record, "team-a-token").statusCode(), "the same source, spelled otherwise");
        HttpResponse<String> other = post("team-b", "application/json", record, "team-a-token");
        assertEquals(403, other.statusCode());
        assertTrue(other.body().contains("team-b"), "the answer names the refused source: " + other.body());
        HttpResponse<String> lookalike = post("t%D0%B5am-a", "application/json", record, "team-a-token");
        assertEquals(400, lookalike.statusCode(), "a Cyrillic look-alike is no source at all: " + lookalike.body());
        assertEquals(200, post("team-b", "application/json", record, "ops-token").statusCode(), "* grants every source");
        assertEquals(401, post("team-a", "application/json", record, "nobody").statusCode());

        var raw = fx.raw();
        assertEquals(3, raw.size());
        assertEquals(2, raw.stream().filter(x -> x.value().getSource().equals("team-a")).count(), "stored in canonical form");
    }
}
