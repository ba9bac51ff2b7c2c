package dev.safeflow.app.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.safeflow.embedded.junit.KafkaPlatform;
import dev.safeflow.embedded.junit.KafkaPlatformExtension;
import dev.safeflow.http.SlowClients;
import dev.safeflow.schemas.registry.SchemaRegistryClient;
import dev.safeflow.schemas.topics.TopicCatalog;
import dev.safeflow.schemas.topics.Topics;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The dashboard on a real broker and registry: what the pipeline's topics hold is what /api/state and /api/events say. */
@ExtendWith(KafkaPlatformExtension.class)
class DashboardIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /** Records per topic the sample run produces; the state has read everything when it has seen these. */
    static final Map<String, Long> SAMPLE_SEEN = Map.of("stats", 24L, "blocks", 1L, "quarantined", 5L, "checkpoints", 12L,
        "metrics", 24L, "decisions", 12L, "alerts", 1L);

    private static final SampleRun RUN = new SampleRun();
    private static DashboardServer dashboard;

    @BeforeAll
    static void produceARunAndStartTheDashboard(KafkaPlatform kafka) throws Exception {
        TopicCatalog catalog = new TopicCatalog("t" + UUID.randomUUID() + ".", 1, (short) 1);
        RUN.produce(kafka.bootstrapServers(), new Topics(catalog, new SchemaRegistryClient(kafka.registryUrl(), null)));
        dashboard = DashboardServer.start(kafka.bootstrapServers(), kafka.registryUrl(), catalog, 0);
    }

    @AfterAll
    static void stop() {
        if (dashboard != null) {
            dashboard.close();
        }
    }

    @Test
    void stateReflectsEveryKindOfRecordOnTheTopics() throws Exception {
        JsonNode state = awaitState(dashboard.url(), s -> seen(s).equals(SAMPLE_SEEN));

        JsonNode bad = find(state.get("quarantineRate"), "source", SampleRun.BAD_SOURCE);
        assertEquals(SampleRun.WINDOWS, bad.get("points").size());
        assertEquals(0.52, bad.get("points").get(SampleRun.WINDOWS - 1).get("rate").asDouble(), 1e-9);
        assertTrue(bad.get("blocked").asBoolean());
        JsonNode block = state.get("blockedSources").get(0);
        assertEquals(SampleRun.BAD_SOURCE, block.get("source").asText());
        assertEquals("auditor", block.get("actor").asText());
        JsonNode newest = state.get("recentQuarantined").get(0);
        assertEquals("rec-4", newest.get("id").asText());
        assertEquals("rules:harassment", newest.get("reasons").get(0).asText());
        JsonNode last = find(state.get("checkpoints"), "checkpointId", SampleRun.checkpointId(SampleRun.SFT_RUN, SampleRun.STEPS));
        assertEquals(SampleRun.harmful(SampleRun.SFT_RUN, SampleRun.STEPS), last.get("harmful").asDouble(), 1e-9);
        assertEquals(72.0, last.get("utility").asDouble(), 1e-9);
        assertEquals("REJECTED", last.get("decision").asText());
        assertEquals(12, state.get("decisions").size());
        assertEquals("source-blocked", state.get("alerts").get(0).get("kind").asText());
        assertEquals("reading", state.get("feed").get("status").asText());
        assertEquals(7, state.get("feed").get("topics").asInt());
    }

    @Test
    void servesThePageItsFilesAndHealthButNothingOutsideItsResources() throws Exception {
        HttpResponse<String> page = get(dashboard.url());
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("<script src=\"/static/charts.js\""), page.body());
        assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
        for (String file : List.of("charts.js", "dashboard.js", "dashboard.css")) {
            assertEquals(200, get(dashboard.url().resolve("/static/" + file)).statusCode(), file);
        }
        // An encoded separator is ambiguous: the HTTP layer (Jetty's URI compliance) refuses it before any route sees it.
        assertEquals(400, get(dashboard.url().resolve("/static/..%2Fsimplelogger.properties")).statusCode());
        assertEquals(404, get(dashboard.url().resolve("/static/index.html")).statusCode());
        assertEquals(404, get(dashboard.url().resolve("/nothing-here")).statusCode());
        HttpResponse<String> post = HTTP.send(HttpRequest.newBuilder(dashboard.url().resolve("/api/state"))
            .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(405, post.statusCode());
        HttpResponse<String> health = get(dashboard.url().resolve("/health"));
        assertEquals(200, health.statusCode());
        assertEquals("up", JSON.readTree(health.body()).get("status").asText());
    }

    @Test
    void eventStreamPushesASnapshotAtOnceAndAnotherAfterEachChange(KafkaPlatform kafka) throws Exception {
        // Its own dashboard on topics nobody writes, so the change below is the only one and other tests see none of it.
        TopicCatalog unused = new TopicCatalog("t" + UUID.randomUUID() + ".", 1, (short) 1);
        try (DashboardServer own = DashboardServer.start(kafka.bootstrapServers(), kafka.registryUrl(), unused, 0)) {
            HttpResponse<InputStream> response = HTTP.send(HttpRequest.newBuilder(own.url().resolve("/api/events")).build(),
                HttpResponse.BodyHandlers.ofInputStream());
            assertEquals("text/event-stream; charset=utf-8", response.headers().firstValue("Content-Type").orElse(""));
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                JsonNode first = nextEvent(lines);
                assertTrue(first.has("quarantineRate") && first.has("checkpoints"), first.toString());
                own.state().onAlert(RUN.alert());
                JsonNode next = nextEvent(lines);
                while (next.get("alerts").isEmpty()) {
                    next = nextEvent(lines); // a feed status change may come first
                }
                assertTrue(next.get("version").asLong() > first.get("version").asLong());
                assertEquals("source-blocked", next.get("alerts").get(0).get("kind").asText());
            }
        }
    }

    @Test
    void dashboardStartedBeforeThePipelineShowsWhyItIsEmptyThenPicksUpTopicsWhenTheyAppear(KafkaPlatform kafka) throws Exception {
        TopicCatalog catalog = new TopicCatalog("t" + UUID.randomUUID() + ".", 1, (short) 1);
        try (DashboardServer early = DashboardServer.start(kafka.bootstrapServers(), kafka.registryUrl(), catalog, 0)) {
            JsonNode empty = awaitState(early.url(), s -> s.get("feed").get("status").asText().equals("reading"));
            assertTrue(empty.get("feed").get("message").asText().contains("none of the watched topics exist yet"), empty.toString());

            new SampleRun().produce(kafka.bootstrapServers(), new Topics(catalog, new SchemaRegistryClient(kafka.registryUrl(), null)));
            awaitState(early.url(), s -> seen(s).equals(SAMPLE_SEEN));
        }
    }

    @Test
    void anUnreachableBrokerIsNamedInTheHeaderWithTheKeyToFix(KafkaPlatform kafka) throws Exception {
        // Port 1 on loopback: nothing listens there, so every connection is refused.
        try (DashboardServer lost = DashboardServer.start("127.0.0.1:1", kafka.registryUrl(), TopicCatalog.defaults(), 0)) {
            JsonNode state = awaitState(lost.url(), s -> s.get("feed").get("status").asText().equals("unreachable"));
            String message = state.get("feed").get("message").asText();
            assertTrue(message.contains("127.0.0.1:1") && message.contains("kafka.bootstrap.servers"), message);
        }
    }

    @Test
    void aRequestNamingAnotherHostCannotReadTheStateSoDnsRebindingFails() throws Exception {
        int port = dashboard.port();
        assertEquals(403, rawStatus(port, "GET /api/state HTTP/1.1\r\nHost: rebind.attacker.example:" + port + "\r\n"));
        assertEquals(403, rawStatus(port, "GET /api/events HTTP/1.1\r\nHost: rebind.attacker.example\r\n"));
        assertEquals(200, rawStatus(port, "GET /api/state HTTP/1.1\r\nHost: localhost:" + port + "\r\n"));
        assertEquals(200, rawStatus(port, "GET /api/state HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n"));
    }

    @Test
    void slowHeaderAndSlowBodyClientsLeaveThePageAndHealthAnswering() throws Exception {
        try (SlowClients headers = SlowClients.headers(dashboard.url(), 24);
             SlowClients bodies = SlowClients.bodies(dashboard.url(), 24, "POST", "/api/state", Map.of(), 10_000)) {
            assertEquals(200, get(dashboard.url().resolve("/health")).statusCode());
            assertEquals(200, get(dashboard.url().resolve("/api/state")).statusCode());
            assertEquals(0, headers.answeredWith(200), "the slow-header clients never completed a request");
        }
    }

    /** The status of a request written by hand, so the Host header is exactly the one given. */
    private static int rawStatus(int port, String head) throws Exception {
        try (java.net.Socket socket = new java.net.Socket("localhost", port)) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write((head + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String status = new String(socket.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
            return Integer.parseInt(status.substring(9, 12));
        }
    }

    @Test
    void aPortInUseIsOneSentenceNamingThePortAndTheFix(KafkaPlatform kafka) {
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> DashboardServer.start(kafka.bootstrapServers(),
            kafka.registryUrl(), TopicCatalog.defaults(), dashboard.port()));
        assertTrue(e.getMessage().contains(":" + dashboard.port()) && e.getMessage().contains("--port"), e.getMessage());
    }

    /** Polls /api/state until {@code done} holds; fails with the last state after 60 s. */
    static JsonNode awaitState(URI url, Predicate<JsonNode> done) throws Exception {
        long deadline = System.currentTimeMillis() + 60_000;
        JsonNode state = null;
        while (System.currentTimeMillis() < deadline) {
            state = JSON.readTree(get(url.resolve("/api/state")).body());
            if (done.test(state)) {
                return state;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the dashboard state did not get there in 60 s; last state: " + state);
    }

    static Map<String, Long> seen(JsonNode state) {
        return JSON.convertValue(state.get("seen"), JSON.getTypeFactory().constructMapType(Map.class, String.class, Long.class));
    }

    private static JsonNode nextEvent(BufferedReader lines) throws Exception {
        String line;
        while ((line = lines.readLine()) != null) {
            if (line.startsWith("data: ")) {
                return JSON.readTree(line.substring("data: ".length()));
            }
        }
        throw new AssertionError("the event stream ended");
    }

    private static JsonNode find(JsonNode array, String field, String value) {
        for (JsonNode n : array) {
            if (n.get(field).asText().equals(value)) {
                return n;
            }
        }
        throw new AssertionError("no element with " + field + " = " + value + " in " + array);
    }

    private static HttpResponse<String> get(URI uri) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
