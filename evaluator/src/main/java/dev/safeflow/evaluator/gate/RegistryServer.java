package dev.safeflow.evaluator.gate;

import dev.safeflow.http.Exchange;
import dev.safeflow.http.HttpLimits;
import dev.safeflow.http.HttpService;
import dev.safeflow.schemas.metrics.MetricsText;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The promoted-checkpoint registry over HTTP (JSON, on the shared {@link HttpService} layer):
 * {@code GET /promoted} lists every run's promoted checkpoints, {@code GET /promoted/{runId}} one run's
 * with its latest, {@code GET /metrics} the evaluator's metrics.
 */
public final class RegistryServer implements AutoCloseable {
    private final HttpService server;

    private RegistryServer(HttpService server) {
        this.server = server;
    }

    /** Serves {@code registry} on {@code host:port} (0 picks a free port) with the default limits. */
    public static RegistryServer start(PromotedRegistry registry, String host, int port) {
        return start(registry, host, port, HttpLimits.defaults().withMaxBodyBytes(0), new PrometheusRegistry());
    }

    /** Also serves {@code metrics} on {@code GET /metrics} in the Prometheus text format. */
    public static RegistryServer start(PromotedRegistry registry, String host, int port, HttpLimits limits,
            PrometheusRegistry metrics) {
        return new RegistryServer(HttpService.builder("evaluator").host(host).port(port).limits(limits)
            .bindHint("set evaluator.http.port to a free port, or -1 to switch it off")
            .route("/promoted", ex -> handle(registry, ex))
            .route("/metrics", ex -> ex.text(200, MetricsText.CONTENT_TYPE, MetricsText.render(metrics)))
            .start());
    }

    public int port() {
        return server.port();
    }

    private static void handle(PromotedRegistry registry, Exchange exchange) throws IOException {
        if (!exchange.method().equals("GET")) {
            exchange.header("Allow", "GET");
            exchange.json(405, Map.of("error", "only GET is supported"));
            return;
        }
        String path = exchange.path();
        if (path.equals("/promoted") || path.equals("/promoted/")) {
            exchange.json(200, Map.of("runs", registry.all()));
            return;
        }
        String runId = path.substring("/promoted/".length());
        List<PromotedCheckpoint> promoted = registry.promoted(runId);
        if (promoted.isEmpty()) {
            exchange.json(404, Map.of("error", "run " + runId + " has no promoted checkpoint"));
            return;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("runId", runId);
        body.put("latest", promoted.get(promoted.size() - 1));
        body.put("promoted", promoted);
        exchange.json(200, body);
    }

    @Override
    public void close() {
        server.close();
    }
}
