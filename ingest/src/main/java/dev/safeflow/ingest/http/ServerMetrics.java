package dev.safeflow.ingest.http;

import dev.safeflow.ingest.IngestCounters;
import dev.safeflow.records.RejectReason;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Counters of {@code ingest serve}, rendered in the Prometheus text exposition format. */
final class ServerMetrics {
    /** A produce failure this recent makes /health answer "degraded". */
    private static final long DEGRADED_FOR_MS = 30_000;

    final IngestCounters records = new IngestCounters();
    private final Map<Integer, LongAdder> responses = new ConcurrentHashMap<>();
    private final LongAdder failures = new LongAdder();
    private volatile long lastFailureAt;
    private volatile String lastFailure;

    void response(int status) {
        responses.computeIfAbsent(status, s -> new LongAdder()).increment();
    }

    void failure(Exception e) {
        failures.increment();
        lastFailure = e.getClass().getSimpleName() + ": " + e.getMessage();
        lastFailureAt = System.currentTimeMillis();
    }

    String recentFailure() {
        return System.currentTimeMillis() - lastFailureAt < DEGRADED_FOR_MS ? lastFailure : null;
    }

    String prometheus() {
        StringBuilder out = new StringBuilder();
        out.append("# HELP safeflow_ingest_records_total Records received over HTTP, by outcome.\n");
        out.append("# TYPE safeflow_ingest_records_total counter\n");
        out.append("safeflow_ingest_records_total{outcome=\"accepted\"} ").append(records.produced()).append('\n');
        out.append("safeflow_ingest_records_total{outcome=\"rejected\"} ").append(records.rejected()).append('\n');
        out.append("# HELP safeflow_ingest_rejected_total Records sent to the dead-letter topic, by reason.\n");
        out.append("# TYPE safeflow_ingest_rejected_total counter\n");
        for (RejectReason r : RejectReason.values()) {
            out.append("safeflow_ingest_rejected_total{reason=\"").append(r.wireName()).append("\"} ")
                .append(records.rejected(r)).append('\n');
        }
        out.append("# HELP safeflow_ingest_http_responses_total Responses of POST /v1/records, by status code.\n");
        out.append("# TYPE safeflow_ingest_http_responses_total counter\n");
        new TreeMap<>(responses).forEach((code, n) ->
            out.append("safeflow_ingest_http_responses_total{code=\"").append(code).append("\"} ").append(n.sum()).append('\n'));
        out.append("# HELP safeflow_ingest_produce_failures_total Requests that failed because Kafka did not acknowledge.\n");
        out.append("# TYPE safeflow_ingest_produce_failures_total counter\n");
        out.append("safeflow_ingest_produce_failures_total ").append(failures.sum()).append('\n');
        return out.toString();
    }
}
