package dev.safeflow.ingest.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.safeflow.ingest.IngestCounters;
import dev.safeflow.ingest.IngestProducer;
import dev.safeflow.ingest.KafkaPreflight;
import dev.safeflow.records.FieldNames;
import dev.safeflow.records.Parsed;
import dev.safeflow.records.Provenance;
import dev.safeflow.records.RecordParser;
import dev.safeflow.records.RecordShape;
import dev.safeflow.records.input.RawRecord;
import dev.safeflow.schemas.topics.Topics;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * {@code ingest serve}: {@code POST /v1/records?source=NAME[&dataset=D][&format=F]} with a bearer
 * token validates each record, produces the good ones to ft.raw and the bad ones to ft.dlq, and
 * answers only after the broker acknowledged them, with one result per record. That wait is the
 * back-pressure: a slow broker slows clients down instead of filling memory; a full producer buffer
 * that stays full answers 503. {@code GET /health} and {@code GET /metrics} (Prometheus) need no token.
 */
public final class IngestServer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long ACK_TIMEOUT_S = 60;

    /** What the server needs besides Kafka. */
    public record Options(int port, String token, int maxBodyBytes, int maxRecordBytes, FieldNames fields, int threads) {
        public Options {
            if (token == null || token.isBlank()) {
                throw new IllegalArgumentException("ingest serve needs a bearer token: set ingest.http.token (e.g. --set ingest.http.token=...)");
            }
        }
    }

    private final Options options;
    private final IngestProducer producer;
    private final HttpServer http;
    private final ExecutorService executor;
    private final ServerMetrics metrics = new ServerMetrics();
    private final byte[] expectedAuth;

    private IngestServer(Options options, IngestProducer producer) throws IOException {
        this.options = options;
        this.producer = producer;
        this.expectedAuth = ("Bearer " + options.token()).getBytes(StandardCharsets.UTF_8);
        this.http = HttpServer.create(new InetSocketAddress(options.port()), 128);
        this.executor = Executors.newFixedThreadPool(options.threads());
        http.setExecutor(executor);
        http.createContext("/v1/records", this::records);
        http.createContext("/health", this::health);
        http.createContext("/metrics", this::metrics);
    }

    /** Checks Kafka (fails fast like file ingest), then listens. */
    public static IngestServer start(Map<String, Object> clientProperties, Topics topics, Options options) throws IOException {
        KafkaPreflight.check(clientProperties, topics.raw(), topics.deadLetters());
        IngestProducer producer = new IngestProducer(clientProperties, topics.raw(), topics.deadLetters(), false);
        IngestServer server = new IngestServer(options, producer);
        server.http.start();
        return server;
    }

    public int port() {
        return http.getAddress().getPort();
    }

    public IngestCounters counters() {
        return metrics.records;
    }

    private void records(HttpExchange ex) throws IOException {
        try (ex) {
            if (!"POST".equals(ex.getRequestMethod())) {
                answer(ex, 405, error("use POST"));
                return;
            }
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            if (auth == null || !MessageDigest.isEqual(expectedAuth, auth.trim().getBytes(StandardCharsets.UTF_8))) {
                ex.getResponseHeaders().add("WWW-Authenticate", "Bearer");
                answer(ex, 401, error("missing or wrong bearer token: send Authorization: Bearer <ingest.http.token>"));
                return;
            }
            String length = ex.getRequestHeaders().getFirst("Content-Length");
            if (length != null && Long.parseLong(length.trim()) > options.maxBodyBytes()) {
                tooLarge(ex, "body of " + length + " bytes is over ingest.http.max-body-bytes = " + options.maxBodyBytes());
                return;
            }
            byte[] body = readAtMost(ex.getRequestBody(), options.maxBodyBytes());
            if (body == null) {
                tooLarge(ex, "body is over ingest.http.max-body-bytes = " + options.maxBodyBytes());
                return;
            }
            Map<String, String> query = Query.parse(ex.getRequestURI().getRawQuery());
            String source = query.get("source");
            if (source == null || source.isBlank()) {
                answer(ex, 400, error("query parameter source is required: POST /v1/records?source=NAME"));
                return;
            }
            RecordShape format;
            try {
                format = RecordShape.parse(query.getOrDefault("format", "auto"));
            } catch (IllegalArgumentException e) {
                answer(ex, 400, error(e.getMessage()));
                return;
            }
            List<RawRecord> records;
            try {
                records = BodyParser.records(body, ex.getRequestHeaders().getFirst("Content-Type"), options.maxRecordBytes());
            } catch (BodyParser.MalformedBody e) {
                answer(ex, 400, error(e.getMessage()));
                return;
            }
            Provenance where = new Provenance(source, query.getOrDefault("dataset", ""), "http", 0);
            handle(ex, records, new RecordParser(format, options.fields(), options.maxRecordBytes(), Clock.systemUTC()), where);
        } catch (RuntimeException e) {
            metrics.failure(e);
            answer(ex, 500, error("internal error: " + e.getMessage()));
        }
    }

    private void handle(HttpExchange ex, List<RawRecord> records, RecordParser parser, Provenance where) throws IOException {
        List<Parsed> parsed = new ArrayList<>();
        List<Future<RecordMetadata>> acks = new ArrayList<>();
        try {
            for (RawRecord r : records) {
                Parsed p = parser.parse(r, where.atLine(r.line()));
                parsed.add(p);
                acks.add(p instanceof Parsed.Accepted a ? producer.send(a.record(), a.provenance())
                    : producer.sendDeadLetter((Parsed.Rejected) p));
            }
            for (Future<RecordMetadata> ack : acks) {
                ack.get(ACK_TIMEOUT_S, TimeUnit.SECONDS);
            }
        } catch (org.apache.kafka.common.errors.TimeoutException | java.util.concurrent.TimeoutException
                 | java.util.concurrent.ExecutionException e) {
            metrics.failure(e);
            ex.getResponseHeaders().add("Retry-After", "5");
            answer(ex, 503, error("Kafka did not acknowledge the records in time; nothing is reported accepted, retry later "
                + "(records are keyed by id, so a retry does not change what the auditor sees per id)"));
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            answer(ex, 503, error("server shutting down"));
            return;
        }
        ObjectNode out = JSON.createObjectNode();
        ArrayNode results = out.putArray("results");
        long accepted = 0;
        for (Parsed p : parsed) {
            metrics.records.count(p);
            ObjectNode r = results.addObject().put("record", p.provenance().line());
            if (p instanceof Parsed.Accepted a) {
                accepted++;
                r.put("status", "accepted").put("id", a.record().getId()).put("format", a.record().getFormat());
            } else {
                Parsed.Rejected rj = (Parsed.Rejected) p;
                r.put("status", "rejected").put("reason", rj.reason().wireName()).put("detail", rj.detail());
            }
        }
        out.put("accepted", accepted).put("rejected", parsed.size() - accepted);
        answer(ex, 200, out);
    }

    private void health(HttpExchange ex) throws IOException {
        try (ex) {
            String failure = metrics.recentFailure();
            ObjectNode body = JSON.createObjectNode().put("status", failure == null ? "up" : "degraded");
            if (failure != null) {
                body.put("lastError", failure);
            }
            reply(ex, failure == null ? 200 : 503, body);
        }
    }

    private void metrics(HttpExchange ex) throws IOException {
        try (ex) {
            byte[] text = metrics.prometheus().getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
            ex.sendResponseHeaders(200, text.length);
            ex.getResponseBody().write(text);
        }
    }

    /** The body, or null when it is longer than {@code max} (chunked uploads have no Content-Length to check first). */
    private static byte[] readAtMost(InputStream in, int max) throws IOException {
        byte[] body = in.readNBytes(max + 1);
        return body.length > max ? null : body;
    }

    /** A response of /v1/records, counted by status in the metrics. */
    /**
     * 413 is sent before the rest of the body is read, so the connection cannot carry another request:
     * {@code Connection: close} makes the server close it and tells a pooled client not to reuse it.
     */
    private void tooLarge(HttpExchange ex, String message) throws IOException {
        ex.getResponseHeaders().set("Connection", "close");
        answer(ex, 413, error(message));
    }

    private void answer(HttpExchange ex, int status, ObjectNode body) throws IOException {
        metrics.response(status);
        reply(ex, status, body);
    }

    private static void reply(HttpExchange ex, int status, ObjectNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
    }

    private static ObjectNode error(String message) {
        return JSON.createObjectNode().put("error", message);
    }

    @Override
    public void close() {
        http.stop(1);
        executor.shutdown();
        producer.close();
    }
}
