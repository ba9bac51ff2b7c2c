package dev.safeflow.evaluator.gate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The promoted-checkpoint registry over HTTP (JDK HttpServer, JSON): {@code GET /promoted} lists every
 * run's promoted checkpoints, {@code GET /promoted/{runId}} one run's with its latest.
 */
public final class RegistryServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;

    private RegistryServer(HttpServer server) {
        this.server = server;
    }

    /** Serves {@code registry} on {@code port} (0 picks a free one). */
    public static RegistryServer start(PromotedRegistry registry, String host, int port) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(host, port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serve the promoted-checkpoint registry on " + host + ":" + port + " ("
                + e.getMessage() + "); set evaluator.http.port to a free port, or -1 to switch it off", e);
        }
        server.createContext("/promoted", exchange -> handle(registry, exchange));
        server.start();
        return new RegistryServer(server);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private static void handle(PromotedRegistry registry, HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!exchange.getRequestMethod().equals("GET")) {
                send(exchange, 405, Map.of("error", "only GET is supported"));
                return;
            }
            String path = exchange.getRequestURI().getRawPath();
            if (path.equals("/promoted") || path.equals("/promoted/")) {
                send(exchange, 200, Map.of("runs", registry.all()));
                return;
            }
            String runId = URLDecoder.decode(path.substring("/promoted/".length()), StandardCharsets.UTF_8);
            List<PromotedCheckpoint> promoted = registry.promoted(runId);
            if (promoted.isEmpty()) {
                send(exchange, 404, Map.of("error", "run " + runId + " has no promoted checkpoint"));
                return;
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("runId", runId);
            body.put("latest", promoted.get(promoted.size() - 1));
            body.put("promoted", promoted);
            send(exchange, 200, body);
        }
    }

    private static void send(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
