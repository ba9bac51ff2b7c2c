package dev.safeflow.auditor.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.safeflow.auditor.AuditorMetrics;
import dev.safeflow.auditor.AuditorQueries;
import dev.safeflow.avro.SourceBlock;
import dev.safeflow.avro.SourceStats;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.InvalidStateStoreException;

/**
 * The auditor's HTTP endpoint on the JDK's own server (no web framework for five read-only routes):
 * {@code /stats[?source=S&since=PT1H]}, {@code /blocked}, {@code /reasons}, {@code /health} as JSON and
 * {@code /metrics} in the Prometheus text format.
 */
public final class AuditorHttp implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;

    private AuditorHttp(HttpServer server) {
        this.server = server;
    }

    public static AuditorHttp start(int port, AuditorQueries queries, AuditorMetrics metrics, KafkaStreams streams) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(port), 0);
        } catch (IOException e) {
            throw new IllegalStateException("cannot listen on port " + port + " (" + e.getMessage()
                + "): set auditor.http.port to a free port, 0 for any, or -1 to disable HTTP", e);
        }
        server.createContext("/stats", ex -> json(ex, () -> {
            Map<String, String> q = query(ex);
            Instant since = Instant.now().minus(Duration.parse(q.getOrDefault("since", "PT24H")));
            return queries.stats(q.get("source"), since).stream().map(AuditorHttp::statsJson).toList();
        }));
        server.createContext("/blocked", ex -> json(ex, () -> queries.blockedSources().stream().map(AuditorHttp::blockJson).toList()));
        server.createContext("/reasons", ex -> json(ex, queries::reasonCounts));
        server.createContext("/health", ex -> json(ex, () -> Map.of("state", streams.state().toString())));
        server.createContext("/metrics", ex -> respond(ex, 200, "text/plain; version=0.0.4; charset=utf-8",
            PrometheusText.render(metrics, streams.metrics())));
        server.setExecutor(Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "auditor-http");
            t.setDaemon(true);
            return t;
        }));
        server.start();
        return new AuditorHttp(server);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private interface Body {
        Object get();
    }

    private static void json(HttpExchange ex, Body body) throws IOException {
        try {
            respond(ex, 200, "application/json", JSON.writeValueAsString(body.get()));
        } catch (InvalidStateStoreException e) {
            // Stores are unavailable while the app starts or rebalances; clients should retry.
            respond(ex, 503, "application/json", JSON.writeValueAsString(Map.of("error", "state is not ready: " + e.getMessage())));
        } catch (RuntimeException e) {
            respond(ex, 400, "application/json", JSON.writeValueAsString(Map.of("error", String.valueOf(e.getMessage()))));
        }
    }

    private static void respond(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static Map<String, String> query(HttpExchange ex) {
        Map<String, String> out = new LinkedHashMap<>();
        String raw = ex.getRequestURI().getRawQuery();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return out;
    }

    static Map<String, Object> statsJson(SourceStats s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("source", s.getSource());
        m.put("windowStart", s.getWindowStart().toString());
        m.put("windowEnd", s.getWindowEnd().toString());
        m.put("count", s.getCount());
        m.put("quarantined", s.getQuarantined());
        m.put("duplicates", s.getDuplicates());
        m.put("quarantineRate", s.getQuarantineRate());
        m.put("reasons", s.getReasons());
        return m;
    }

    static Map<String, Object> blockJson(SourceBlock b) {
        return Map.of("source", b.getSource(), "reason", b.getReason(), "actor", b.getActor(), "at", b.getAt().toString());
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
