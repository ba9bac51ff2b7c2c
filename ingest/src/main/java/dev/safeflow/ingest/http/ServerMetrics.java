package dev.safeflow.ingest.http;

import dev.safeflow.ingest.IngestCounters;
import dev.safeflow.records.RejectReason;
import dev.safeflow.schemas.metrics.PrometheusWriter;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Counters of {@code ingest serve}, rendered for {@code /metrics} with the platform's Prometheus text writer. */
final class ServerMetrics {
    /**
     * A produce failure this recent makes /health answer "degraded". Only Kafka being unreachable counts:
     * a record Kafka refuses is that record's problem, answered on it, and must not mark every instance down.
     */
    private static final long DEGRADED_FOR_MS = 30_000;

    final IngestCounters records = new IngestCounters();
    private final Map<Integer, LongAdder> responses = new ConcurrentHashMap<>();
    private final LongAdder failures = new LongAdder();
    private volatile long lastFailureAt;
    private volatile String lastFailure;

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
        PrometheusWriter out = new PrometheusWriter()
            .family("safeflow_ingest_records_total", "counter", "Records received over HTTP, by outcome.")
            .sample("safeflow_ingest_records_total", "outcome", "accepted", records.produced())
            .sample("safeflow_ingest_records_total", "outcome", "rejected", records.rejected())
            .family("safeflow_ingest_rejected_total", "counter", "Records sent to the dead-letter topic, by reason.");
        for (RejectReason r : RejectReason.values()) {
            out.sample("safeflow_ingest_rejected_total", "reason", r.wireName(), records.rejected(r));
        }
        out.family("safeflow_ingest_http_responses_total", "counter", "Responses of POST /v1/records, by status code.");
        new TreeMap<>(responses).forEach((code, n) ->
            out.sample("safeflow_ingest_http_responses_total", "code", code.toString(), n.sum()));
        return out.family("safeflow_ingest_produce_failures_total", "counter",
                "Requests that failed because Kafka did not acknowledge.")
            .sample("safeflow_ingest_produce_failures_total", failures.sum())
            .toString();
    }
}
