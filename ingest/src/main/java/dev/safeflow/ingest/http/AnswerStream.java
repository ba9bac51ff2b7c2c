package dev.safeflow.ingest.http;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.safeflow.http.Exchange;
import dev.safeflow.ingest.IngestProducer;
import dev.safeflow.records.Parsed;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.RetriableException;

/**
 * The answer to one {@code POST /v1/records}, written as the broker acknowledges: the records of a
 * window are produced, their acknowledgements awaited, and their results written and flushed, so the
 * client hears about record 1 long before a large request ends. The body keeps the shape clients
 * know: {@code {"results":[...],"accepted":A,"rejected":R,"failed":F[,"stopped":"why"]}} where
 * each result is {@code accepted} (on ft.raw), {@code rejected} (on ft.dlq, with the reason) or
 * {@code failed} (on neither; {@code retry} says whether sending it again can help).
 *
 * <p>Only when the first window finds Kafka unavailable (every record failed with an error a retry
 * can fix) is the answer 503 with {@code Retry-After}: nothing was written, and the client should retry.
 */
final class AnswerStream {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Results held before they are written: small (no record bytes), and a client sees progress often. */
    private static final int WINDOW = 256;
    private static final long ACK_TIMEOUT_S = 60;

    private record Pending(Parsed parsed, Future<RecordMetadata> ack) {
    }

    private final Exchange ex;
    private final IngestProducer producer;
    private final ServerMetrics metrics;
    private final List<Pending> window = new ArrayList<>();
    private JsonGenerator out;
    private boolean unavailable;
    private long accepted;
    private long rejected;
    private long failed;

    AnswerStream(Exchange ex, IngestProducer producer, ServerMetrics metrics) {
        this.ex = ex;
        this.producer = producer;
        this.metrics = metrics;
    }

    /** Produces {@code p}; false when Kafka stopped acknowledging and the request should read no further. */
    boolean add(Parsed p) throws IOException {
        window.add(new Pending(p, send(p)));
        return window.size() < WINDOW || drain();
    }

    /** Writes what is left and the totals; {@code stopped} says why the rest of the body was not processed, or null. */
    void finish(String stopped) throws IOException {
        if (!drain() && unavailable) {
            return;
        }
        open();
        out.writeEndArray();
        out.writeNumberField("accepted", accepted);
        out.writeNumberField("rejected", rejected);
        out.writeNumberField("failed", failed);
        if (stopped != null) {
            out.writeStringField("stopped", stopped);
        }
        out.writeEndObject();
        out.close();
        metrics.response(200);
    }

    private Future<RecordMetadata> send(Parsed p) {
        try {
            return p instanceof Parsed.Accepted a ? producer.send(a.record(), a.provenance())
                : producer.sendDeadLetter((Parsed.Rejected) p);
        } catch (RuntimeException e) {
            // A full buffer that stays full (max.block.ms) or a closed producer: reported on this record.
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Awaits the window's acknowledgements and writes its results; false when none of them reached Kafka for a retriable reason. */
    private boolean drain() throws IOException {
        if (unavailable) {
            return false;
        }
        if (window.isEmpty()) {
            return true;
        }
        List<Throwable> errors = new ArrayList<>();
        int retriable = 0;
        for (Pending p : window) {
            Throwable e = await(p.ack());
            errors.add(e);
            retriable += e != null && retriable(e) ? 1 : 0;
        }
        boolean kafkaDown = retriable == window.size();
        if (kafkaDown) {
            metrics.failure(errors.get(0));
            if (out == null) {
                unavailable = true;
                window.clear();
                metrics.response(503);
                ex.header("Retry-After", "5");
                ex.error(503, "Kafka did not acknowledge the records in time (" + message(errors.get(0)) + "); nothing was"
                    + " written, retry later (records are keyed by id, so a retry does not change what the auditor sees per id)");
                return false;
            }
        }
        open();
        for (int i = 0; i < window.size(); i++) {
            write(window.get(i).parsed(), errors.get(i));
        }
        window.clear();
        out.flush();
        return !kafkaDown;
    }

    private void write(Parsed p, Throwable error) throws IOException {
        out.writeStartObject();
        out.writeNumberField("record", p.provenance().line());
        if (error != null) {
            failed++;
            out.writeStringField("status", "failed");
            out.writeBooleanField("retry", retriable(error));
            out.writeStringField("error", message(error));
        } else if (p instanceof Parsed.Accepted a) {
            accepted++;
            metrics.records.count(p);
            out.writeStringField("status", "accepted");
            out.writeStringField("id", a.record().getId());
            out.writeStringField("format", a.record().getFormat());
        } else {
            Parsed.Rejected r = (Parsed.Rejected) p;
            rejected++;
            metrics.records.count(p);
            out.writeStringField("status", "rejected");
            out.writeStringField("reason", r.reason().wireName());
            out.writeStringField("detail", r.detail());
            if (r.raw().length > producer.deadLetterLimit()) {
                out.writeNumberField("originalBytes", r.raw().length);
                out.writeNumberField("deadLetterBytes", producer.deadLetterLimit());
                out.writeStringField("sha256", IngestProducer.sha256(r.raw()));
            }
        }
        out.writeEndObject();
    }

    private void open() throws IOException {
        if (out == null) {
            out = JSON.getFactory().createGenerator(ex.stream(200, "application/json"));
            out.writeStartObject();
            out.writeArrayFieldStart("results");
        }
    }

    private static Throwable await(Future<RecordMetadata> ack) {
        try {
            ack.get(ACK_TIMEOUT_S, TimeUnit.SECONDS);
            return null;
        } catch (ExecutionException e) {
            return e.getCause() == null ? e : e.getCause();
        } catch (java.util.concurrent.TimeoutException e) {
            return e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return e;
        }
    }

    /** Whether sending again can succeed: the broker was unreachable or slow, not the record wrong. */
    static boolean retriable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof RetriableException || t instanceof java.util.concurrent.TimeoutException
                || t instanceof InterruptedException) {
                return true;
            }
        }
        return false;
    }

    private static String message(Throwable e) {
        return e.getClass().getSimpleName() + ": " + e.getMessage();
    }
}
