package dev.safeflow.app;

import dev.safeflow.http.HttpKeys;
import dev.safeflow.http.HttpService;
import dev.safeflow.schemas.config.ConfigKey;
import dev.safeflow.schemas.config.ConfigKey.Type;
import dev.safeflow.schemas.config.Settings;
import dev.safeflow.schemas.metrics.MetricsText;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.ArrayList;
import java.util.List;

/**
 * The trainer's {@code /metrics} on the shared HTTP layer. The trainer library knows nothing of HTTP; the CLI
 * serves its registry. Off unless a port is given, on loopback unless a host is.
 */
final class TrainerMetricsServer {
    static final ConfigKey<Integer> PORT = ConfigKey.of("trainer.metrics.port", Type.INT, -1,
        "Port of the trainer's Prometheus /metrics; -1 serves none, 0 picks a free one (--metrics-port)")
        .validatedBy(p -> p >= -1 && p <= 65535, "-1..65535");
    static final HttpKeys HTTP = HttpKeys.of("trainer.metrics", "trainer metrics");
    /** /metrics takes no body. */
    private static final long MAX_BODY_BYTES = 0;

    private TrainerMetricsServer() {
    }

    static List<ConfigKey<?>> keys() {
        List<ConfigKey<?>> keys = new ArrayList<>(List.of(PORT));
        keys.addAll(HTTP.all());
        return List.copyOf(keys);
    }

    /** Serves {@code registry} on {@code port}, or returns null when the port is -1. */
    static HttpService start(Settings settings, int port, PrometheusRegistry registry) {
        if (port < 0) {
            return null;
        }
        return HttpService.builder("trainer-metrics").host(settings.get(HTTP.host())).port(port)
            .limits(HTTP.limits(settings, MAX_BODY_BYTES))
            .route("/metrics", ex -> ex.text(200, MetricsText.CONTENT_TYPE, MetricsText.render(registry)))
            .start();
    }
}
