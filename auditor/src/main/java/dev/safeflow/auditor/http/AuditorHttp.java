package dev.safeflow.auditor.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.safeflow.auditor.AuditorConfig;
import dev.safeflow.auditor.AuditorMetrics;
import dev.safeflow.auditor.AuditorQueries;
import dev.safeflow.avro.SourceBlock;
import dev.safeflow.avro.SourceStats;
import dev.safeflow.http.Exchange;
import dev.safeflow.http.HttpService;
import dev.safeflow.schemas.config.Settings;
import dev.safeflow.schemas.metrics.MetricsText;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.InvalidStateStoreException;

/**
 * The auditor's HTTP endpoint on the shared {@link HttpService} layer (loopback unless
 * {@code auditor.http.host} says otherwise, slow clients bounded): {@code /stats[?source=S&since=PT1H]},
 * {@code /blocked}, {@code /reasons}, {@code /health} as JSON and {@code /metrics} in the Prometheus text format.
 */
public final class AuditorHttp implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The routes take no body. */
    private static final long MAX_BODY_BYTES = 0;

    private final HttpService server;

    private AuditorHttp(HttpService server) {
        this.server = server;
    }

    /** Serves on {@code auditor.http.port} with the {@code auditor.http.*} limits of {@code settings}. */
    public static AuditorHttp start(Settings settings, AuditorQueries queries, AuditorMetrics metrics, KafkaStreams streams) {
        int port = settings.get(AuditorConfig.HTTP_PORT);
        HttpService server = HttpService.builder("auditor")
            .host(settings.get(AuditorConfig.HTTP.host()))
            .port(port)
            .limits(AuditorConfig.HTTP.limits(settings, MAX_BODY_BYTES))
            .bindHint("set auditor.http.port to a free port, 0 for any, or -1 to disable HTTP")
            .health(ex -> ex.json(200, Map.of("state", streams.state().toString())))
            .route("/stats", ex -> json(ex, () -> {
                Map<String, String> q = ex.queryParameters();
                Instant since = Instant.now().minus(Duration.parse(q.getOrDefault("since", "PT24H")));
                return queries.stats(q.get("source"), since).stream().map(AuditorHttp::statsJson).toList();
            }))
            .route("/blocked", ex -> json(ex, () -> queries.blockedSources().stream().map(AuditorHttp::blockJson).toList()))
            .route("/reasons", ex -> json(ex, queries::reasonCounts))
            .route("/metrics", ex -> ex.text(200, MetricsText.CONTENT_TYPE,
                PrometheusText.render(metrics, streams.metrics())))
            .start();
        return new AuditorHttp(server);
    }

    public int port() {
        return server.port();
    }

    private static void json(Exchange ex, Supplier<Object> body) throws IOException {
        Object value;
        try {
            value = body.get();
        } catch (InvalidStateStoreException e) {
            // Stores are unavailable while the app starts or rebalances; clients should retry.
            ex.json(503, Map.of("error", "state is not ready: " + e.getMessage()));
            return;
        } catch (RuntimeException e) {
            ex.json(400, Map.of("error", String.valueOf(e.getMessage())));
            return;
        }
        ex.text(200, "application/json", JSON.writeValueAsString(value));
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
        server.close();
    }
}
