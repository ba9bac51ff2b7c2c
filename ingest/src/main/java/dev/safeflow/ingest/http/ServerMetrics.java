package dev.safeflow.ingest.http;

import dev.safeflow.ingest.IngestCounters;
import dev.safeflow.records.RejectReason;
import dev.safeflow.schemas.metrics.MetricsText;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Counters of {@code ingest serve}, exported for {@code /metrics} through the Prometheus client's registry. */
final class ServerMetrics {
    /**
     * A produce failure this recent makes /health answer "degraded". Only Kafka being unreachable counts:
     * a record Kafka refuses is that record's problem, answered on it, and must not mark every instance down.
     */
    private static final long DEGRADED_FOR_MS = 30_000;

    final IngestCounters records = new IngestCounters();
    private final Map<Integer, LongAdder> responses = new ConcurrentHashMap<>();
    private final LongAdder failures = new LongAdder();
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private volatile long lastFailureAt;
    private volatile String lastFailure;

    ServerMetrics() {
        // The counters stay where the request path updates them; the registry reads them at each scrape.
        CounterWithCallback.builder().name(MetricsText.name("ingest", "records")).help("Records received over HTTP, by outcome.")
            .labelNames("outcome").callback(c -> {
                c.call(records.produced(), "accepted");
                c.call(records.rejected(), "rejected");
            }).register(registry);
        CounterWithCallback.builder().name(MetricsText.name("ingest", "rejected"))
            .help("Records sent to the dead-letter topic, by reason.").labelNames("reason").callback(c -> {
                for (RejectReason r : RejectReason.values()) {
                    c.call(records.rejected(r), r.wireName());
                }
            }).register(registry);
        CounterWithCallback.builder().name(MetricsText.name("ingest", "http_responses"))
            .help("Responses of POST /v1/records, by status code.").labelNames("code")
            .callback(c -> responses.forEach((code, n) -> c.call(n.sum(), code.toString()))).register(registry);
        CounterWithCallback.builder().name(MetricsText.name("ingest", "produce_failures"))
            .help("Requests that failed because Kafka did not acknowledge.")
            .callback(c -> c.call(failures.sum())).register(registry);
    }

    void response(int status) {
        responses.computeIfAbsent(status, s -> new LongAdder()).increment();
    }

    void failure(Throwable e) {
        failures.increment();
        lastFailure = e.getClass().getSimpleName() + ": " + e.getMessage();
        lastFailureAt = System.currentTimeMillis();
    }

    String recentFailure() {
        return System.currentTimeMillis() - lastFailureAt < DEGRADED_FOR_MS ? lastFailure : null;
    }

    String prometheus() {
        return MetricsText.render(registry);
    }
}
