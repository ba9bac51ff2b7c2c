package dev.safeflow.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.Test;

class HttpServiceTest {
    /** A liveness deadline, never a performance claim: a loaded CI machine answers well inside it. */
    static final Duration LIVENESS = Duration.ofSeconds(20);
    /** More than the eight request threads the busiest server had before this layer. */
    static final int SLOW_CLIENTS = 24;

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(LIVENESS).build();

    static HttpService.Builder echo(HttpLimits limits) {
        return HttpService.builder("test").port(0).limits(limits)
            .route("/echo", ex -> {
                try (InputStream in = ex.body()) {
                    ex.json(200, Map.of("bytes", in.readAllBytes().length));
                }
            })
            .route("/token", ex -> {
                if (!"secret".equals(ex.header("X-Token"))) {
                    throw new HttpError(401, "send X-Token");
                }
                ex.json(200, Map.of("bytes", ex.bodyBytes(1 << 20, "test.max").length));
            });
    }

    int status(HttpRequest.Builder request) throws Exception {
        return client.send(request.timeout(LIVENESS).build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    static HttpRequest.Builder post(HttpService s, String path, String body) {
        return HttpRequest.newBuilder(s.url().resolve(path)).POST(HttpRequest.BodyPublishers.ofString(body));
    }

    static HttpRequest.Builder get(HttpService s, String path) {
        return HttpRequest.newBuilder(s.url().resolve(path)).GET();
    }

    static void eventually(String what, IntSupplier actual, int expected) throws InterruptedException {
        long end = System.nanoTime() + LIVENESS.toNanos();
        while (actual.getAsInt() < expected && System.nanoTime() < end) {
            Thread.sleep(20);
        }
        assertTrue(actual.getAsInt() >= expected, what + ": " + actual.getAsInt() + " of " + expected);
    }

    @Test
    void bindsLoopbackUnlessAHostIsGiven() throws Exception {
        try (HttpService s = echo(HttpLimits.defaults()).start()) {
            assertTrue(InetAddress.getByName(s.host()).isLoopbackAddress(), s.host());
        }
    }

    @Test
    void slowHeaderClientsHoldNoThreadSoHealthAndRequestsStillAnswer() throws Exception {
        HttpLimits limits = HttpLimits.defaults().withMaxRequests(2).withHeaderTimeout(Duration.ofMinutes(5));
        try (HttpService s = echo(limits).start(); SlowClients stalled = SlowClients.headers(s.url(), SLOW_CLIENTS)) {
            assertEquals(200, status(get(s, "/health")));
            assertEquals(200, status(post(s, "/echo", "{}")));
            assertEquals(0, stalled.closedByServer(), "the header timeout is 5 minutes; the stalled clients are still connected");
        }
    }

    @Test
    void connectionsThatTrickleHeadersAreClosedAtTheHeaderTimeout() throws Exception {
        HttpLimits limits = HttpLimits.defaults().withHeaderTimeout(Duration.ofMillis(300));
        try (HttpService s = echo(limits).start(); SlowClients stalled = SlowClients.headers(s.url(), SLOW_CLIENTS)) {
            long end = System.nanoTime() + LIVENESS.toNanos();
            while (stalled.closedByServer() < SLOW_CLIENTS && System.nanoTime() < end) {
                stalled.trickle();
                Thread.sleep(50);
            }
            assertEquals(SLOW_CLIENTS, stalled.closedByServer(), "every slowloris connection is closed though it keeps sending");
            assertEquals(200, status(get(s, "/health")));
        }
    }

    @Test
    void pastTheConnectionBoundNewConnectionsWaitUntilStalledOnesAreClosed() throws Exception {
        HttpLimits limits = HttpLimits.defaults().withMaxConnections(4).withHeaderTimeout(Duration.ofMillis(500));
        try (HttpService s = echo(limits).start(); SlowClients stalled = SlowClients.headers(s.url(), 4)) {
            eventually("connections counted", s::openConnections, 4);
            assertEquals(200, status(get(s, "/health")), "answered once the header deadline freed a connection");
            assertEquals(4, stalled.closedByServer(), "the stalled connections were closed, not served");
        }
    }

    @Test
    void slowBodiesAreCutOffAtTheBodyTimeoutAndQueuedRequestsThenAnswer() throws Exception {
        HttpLimits limits = HttpLimits.defaults().withMaxRequests(2).withBodyTimeout(Duration.ofMillis(500));
        try (HttpService s = echo(limits).start();
             SlowClients stalled = SlowClients.bodies(s.url(), SLOW_CLIENTS, "POST", "/echo", Map.of(), 1000)) {
            assertEquals(200, status(get(s, "/health")), "health is answered outside the request pool");
            assertEquals(200, status(post(s, "/echo", "{}")), "a normal request waits for a slot, then answers");
            eventually("slow bodies cut off", stalled::closedByServer, SLOW_CLIENTS);
        }
    }

    @Test
    void slowBodiesWithoutTheTokenAreRefusedWithoutReadingTheBody() throws Exception {
        HttpLimits limits = HttpLimits.defaults().withMaxRequests(2).withBodyTimeout(Duration.ofMinutes(5));
        try (HttpService s = echo(limits).start();
             SlowClients stalled = SlowClients.bodies(s.url(), SLOW_CLIENTS, "POST", "/token", Map.of(), 1000)) {
            eventually("refused at once", () -> stalled.answeredWith(401), SLOW_CLIENTS);
            assertEquals(200, status(post(s, "/token", "{}").header("X-Token", "secret")));
        }
    }

    @Test
    void bodiesOverTheLimitAreAnswered413DeclaredOrChunked() throws Exception {
        try (HttpService s = echo(HttpLimits.defaults().withMaxBodyBytes(1000)).start()) {
            assertEquals(413, status(post(s, "/echo", "x".repeat(1001))));
            HttpRequest.BodyPublisher chunked = HttpRequest.BodyPublishers.ofInputStream(
                () -> new java.io.ByteArrayInputStream(new byte[5000]));
            assertEquals(413, status(HttpRequest.newBuilder(s.url().resolve("/echo")).POST(chunked)));
            assertEquals(200, status(post(s, "/echo", "x".repeat(1000))));
        }
    }

    @Test
    void headersOverTheLimitAreAnswered431() throws Exception {
        try (HttpService s = echo(HttpLimits.defaults().withMaxHeaderBytes(2048)).start()) {
            assertEquals(431, status(get(s, "/echo").header("X-Big", "y".repeat(4096))));
        }
    }

    @Test
    void aForeignHostHeaderIsRefusedButLoopbackAndConfiguredNamesAnswer() throws Exception {
        try (HttpService s = echo(HttpLimits.defaults()).allowHosts(List.of("dash.example"), "test.allowed-hosts").start()) {
            assertEquals(403, rawStatus(s, "GET /echo HTTP/1.1\r\nHost: evil.example:" + s.port() + "\r\nConnection: close\r\n\r\n"));
            assertEquals(200, rawStatus(s, "GET /echo HTTP/1.1\r\nHost: dash.example\r\nConnection: close\r\n\r\n"));
            assertEquals(200, rawStatus(s, "GET /echo HTTP/1.1\r\nHost: 127.0.0.1:" + s.port() + "\r\nConnection: close\r\n\r\n"));
            assertEquals(200, rawStatus(s, "GET /health HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n"));
        }
    }

    @Test
    void basicAuthGuardsOnlyTheNamedMethods() throws Exception {
        BasicAuth auth = new BasicAuth("admin", "pw");
        try (HttpService s = echo(HttpLimits.defaults()).basicAuth("/echo", Set.of("POST"), auth).start()) {
            assertEquals(200, status(get(s, "/echo")));
            assertEquals(401, status(post(s, "/echo", "{}")));
            assertEquals(401, status(post(s, "/echo", "{}").header("Authorization", new BasicAuth("admin", "wrong").header())));
            assertEquals(200, status(post(s, "/echo", "{}").header("Authorization", auth.header())));
        }
    }

    @Test
    void streamsHaveTheirOwnPermitsAndUnknownPathsAre404() throws Exception {
        try (HttpService s = HttpService.builder("test").port(0).stream("/events", 1, ex -> {
            var out = ex.stream(200, "text/plain");
            out.write("one\n".getBytes());
            out.flush();
        }).start()) {
            HttpResponse<String> r = client.send(get(s, "/events").timeout(LIVENESS).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals("one\n", r.body());
            assertEquals(404, status(get(s, "/nothing")));
        }
    }

    static int rawStatus(HttpService s, String request) throws Exception {
        try (java.net.Socket socket = new java.net.Socket(s.url().getHost(), s.port())) {
            socket.setSoTimeout((int) LIVENESS.toMillis());
            socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            String line = new String(socket.getInputStream().readNBytes(12), java.nio.charset.StandardCharsets.US_ASCII);
            return Integer.parseInt(line.substring(9, 12));
        }
    }
}
