package dev.safeflow.ingest.http;

import dev.safeflow.http.HttpLimits;
import dev.safeflow.http.HttpService;
import dev.safeflow.ingest.IngestConfig;
import dev.safeflow.ingest.IngestCounters;
import dev.safeflow.ingest.IngestProducer;
import dev.safeflow.ingest.KafkaPreflight;
import dev.safeflow.records.FieldNames;
import dev.safeflow.schemas.config.Settings;
import dev.safeflow.schemas.metrics.MetricsText;
import dev.safeflow.schemas.topics.Topics;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code ingest serve}: {@code POST /v1/records?source=NAME[&dataset=D][&format=F]} with a bearer
 * token granted that source validates each record, produces the good ones to ft.raw and the bad ones
 * to ft.dlq, and streams one answer per record as the broker acknowledges them (see {@link RecordsRoute}).
 * That wait is the back-pressure: a slow broker slows clients down instead of filling memory.
 * {@code GET /health} and {@code GET /metrics} (Prometheus) need no token. The HTTP layer bounds slow
 * and numerous clients ({@code ingest.http.*} limits); the server listens on loopback unless
 * {@code ingest.http.host} says otherwise.
 */
public final class IngestServer implements AutoCloseable {

    /**
     * What the server needs besides Kafka.
     *
     * @param maxRecords  records one request may carry before the server stops reading it
     * @param maxRejected rejected records (dead letters) one request may cause before the server stops reading it
     */
    public record Options(String host, int port, TokenGrants tokens, long maxBodyBytes, int maxRecordBytes,
                          int maxRecords, int maxRejected, FieldNames fields, HttpLimits limits) {

        /** Everything from the ingest keys of {@code settings}. */
        public static Options from(Settings s) {
            long maxBody = s.get(IngestConfig.HTTP_MAX_BODY_BYTES);
            return new Options(s.get(IngestConfig.HTTP.host()), s.get(IngestConfig.HTTP_PORT),
                TokenGrants.parse(s.get(IngestConfig.HTTP_TOKENS), s.get(IngestConfig.HTTP_TOKEN)), maxBody,
                s.get(IngestConfig.MAX_RECORD_BYTES), s.get(IngestConfig.HTTP_MAX_RECORDS), s.get(IngestConfig.HTTP_MAX_REJECTED),
                IngestConfig.fieldNames(s), IngestConfig.HTTP.limits(s, maxBody));
        }

        /** The defaults of every key but these: for tests and embedding. */
        public static Options of(int port, TokenGrants tokens, long maxBodyBytes, int maxRecordBytes, FieldNames fields) {
            return new Options("localhost", port, tokens, maxBodyBytes, maxRecordBytes,
                IngestConfig.HTTP_MAX_RECORDS.defaultValue(), IngestConfig.HTTP_MAX_REJECTED.defaultValue(), fields,
                HttpLimits.defaults().withMaxBodyBytes(maxBodyBytes));
        }

        public Options withRecordCaps(int newMaxRecords, int newMaxRejected) {
            return new Options(host, port, tokens, maxBodyBytes, maxRecordBytes, newMaxRecords, newMaxRejected, fields, limits);
        }

        public Options withLimits(HttpLimits newLimits) {
            return new Options(host, port, tokens, maxBodyBytes, maxRecordBytes, maxRecords, maxRejected, fields, newLimits);
        }
    }

    private final IngestProducer producer;
    private final HttpService http;
    private final ServerMetrics metrics;

    private IngestServer(IngestProducer producer, HttpService http, ServerMetrics metrics) {
        this.producer = producer;
        this.http = http;
        this.metrics = metrics;
    }

    /** Checks Kafka (fails fast like file ingest), then listens. */
    public static IngestServer start(Map<String, Object> clientProperties, Topics topics, Options options) throws IOException {
        KafkaPreflight.check(clientProperties, topics.raw(), topics.deadLetters());
        IngestProducer producer = new IngestProducer(clientProperties, topics.raw(), topics.deadLetters(), false);
        ServerMetrics metrics = new ServerMetrics();
        try {
            HttpService http = HttpService.builder("ingest").host(options.host()).port(options.port()).limits(options.limits())
                .bindHint("pick a free port with --port or ingest.http.port (0 picks one)")
                .health(ex -> {
                    String failure = metrics.recentFailure();
                    Map<String, Object> body = new LinkedHashMap<>();
                    body.put("status", failure == null ? "up" : "degraded");
                    if (failure != null) {
                        body.put("lastError", failure);
                    }
                    ex.json(failure == null ? 200 : 503, body);
                })
                .route("/v1/records", new RecordsRoute(options, producer, metrics))
                .route("/metrics", ex -> ex.text(200, MetricsText.CONTENT_TYPE, metrics.prometheus()))
                .start();
            return new IngestServer(producer, http, metrics);
        } catch (RuntimeException e) {
            producer.close();
            throw e;
        }
    }

    public int port() {
        return http.port();
    }

    /** Where clients reach it, e.g. {@code http://localhost:8089}. */
    public java.net.URI url() {
        return http.url();
    }

    public IngestCounters counters() {
        return metrics.records;
    }

    @Override
    public void close() {
        http.close();
        producer.close();
    }
}
