package dev.safeflow.ingest.http;

import dev.safeflow.http.Exchange;
import dev.safeflow.http.HttpError;
import dev.safeflow.http.Route;
import dev.safeflow.ingest.IngestConfig;
import dev.safeflow.ingest.IngestProducer;
import dev.safeflow.records.Parsed;
import dev.safeflow.records.Provenance;
import dev.safeflow.records.RecordParser;
import dev.safeflow.records.RecordShape;
import dev.safeflow.records.input.RawRecord;
import dev.safeflow.schemas.identity.SourceName;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.Map;

/**
 * {@code POST /v1/records}. Everything that can be refused from the headers is refused before a byte
 * of the body is read (method, token, source and its grant, format, declared size), so a client
 * without a token costs nothing however slowly it sends. Then records are read, produced and answered
 * one window at a time ({@link AnswerStream}): memory per request is one record plus a window of small
 * results, never the body's list of records.
 *
 * <p>A request stops early, answering what it read so far and saying why, at
 * {@code ingest.http.max-records} records or {@code ingest.http.max-rejected} rejected ones: the rest
 * of the body is not processed, so one request of junk lines cannot become a flood of dead letters.
 */
final class RecordsRoute implements Route {
    private final IngestServer.Options options;
    private final IngestProducer producer;
    private final ServerMetrics metrics;

    RecordsRoute(IngestServer.Options options, IngestProducer producer, ServerMetrics metrics) {
        this.options = options;
        this.producer = producer;
        this.metrics = metrics;
    }

    @Override
    public void handle(Exchange ex) throws IOException {
        try {
            serve(ex);
        } catch (HttpError e) {
            // Answered by the layer (413 closes the connection); counted here like every other answer.
            if (!ex.answered()) {
                metrics.response(e.status());
            }
            throw e;
        }
    }

    private void serve(Exchange ex) throws IOException {
        if (!"POST".equals(ex.method())) {
            refuse(ex, 405, "use POST");
            return;
        }
        TokenGrants.Caller caller = options.tokens().caller(ex.header("Authorization"));
        if (!caller.known()) {
            ex.header("WWW-Authenticate", "Bearer");
            refuse(ex, 401, "missing or wrong bearer token: send Authorization: Bearer <a token of ingest.http.tokens>");
            return;
        }
        Map<String, String> query = ex.queryParameters();
        String given = query.get("source");
        if (given == null || given.isBlank()) {
            refuse(ex, 400, "query parameter source is required: POST /v1/records?source=NAME");
            return;
        }
        String source = SourceName.normaliseOrNull(given);
        if (source == null) {
            refuse(ex, 400, invalidSource(given));
            return;
        }
        if (!caller.may(source)) {
            refuse(ex, 403, "this token is not granted source '" + source + "'; grant it in ingest.http.tokens"
                + " (TOKEN=" + source + ") or send as a source the token holds");
            return;
        }
        RecordShape format;
        try {
            format = RecordShape.parse(query.getOrDefault("format", "auto"));
        } catch (IllegalArgumentException e) {
            refuse(ex, 400, e.getMessage());
            return;
        }
        RecordParser parser = new RecordParser(format, options.fields(), options.maxRecordBytes(), Clock.systemUTC());
        Provenance where = new Provenance(source, query.getOrDefault("dataset", ""), "http", 0);
        InputStream body = ex.body(options.maxBodyBytes(), IngestConfig.HTTP_MAX_BODY_BYTES.name());
        try (BodyParser.Records records = BodyParser.open(body, ex.header("Content-Type"), options.maxRecordBytes())) {
            RawRecord first = records.next();
            if (first == null) {
                refuse(ex, 400, "the body holds no record: send JSON records (an object, an array, or JSONL)");
                return;
            }
            stream(ex, records, first, parser, where);
            discardRest(body);
        } catch (BodyParser.MalformedBody e) {
            refuse(ex, 400, e.getMessage());
        }
    }

    /**
     * After a request stopped early its answer is complete, but the client may still be sending: reading
     * the rest (bounded by the body size limit and the body timeout, and never parsed) lets it read the
     * answer instead of a reset connection, and keeps the connection usable.
     */
    private static void discardRest(InputStream body) {
        try {
            body.skip(Long.MAX_VALUE);
        } catch (IOException | HttpError e) {
            // Over the size limit or too slow: the connection closes, the answer is already out.
        }
    }

    private void stream(Exchange ex, BodyParser.Records records, RawRecord first, RecordParser parser, Provenance where)
            throws IOException {
        AnswerStream answer = new AnswerStream(ex, producer, metrics);
        long count = 0;
        long rejected = 0;
        String stop = null;
        try {
            for (RawRecord raw = first; raw != null; raw = records.next()) {
                Parsed p = parser.parse(raw, where.atLine(raw.line()));
                count++;
                rejected += p instanceof Parsed.Rejected ? 1 : 0;
                if (!answer.add(p)) {
                    stop = "Kafka is not acknowledging; the records after record " + p.provenance().line() + " were not processed";
                    break;
                }
                if (count >= options.maxRecords()) {
                    stop = more(records, "the request carries more than ingest.http.max-records = " + options.maxRecords()
                        + " records; send the rest in further requests");
                    break;
                }
                if (rejected >= options.maxRejected()) {
                    stop = more(records, rejected + " records were rejected, ingest.http.max-rejected; fix the input"
                        + " (see the reasons above) before sending the rest");
                    break;
                }
            }
        } catch (BodyParser.MalformedBody e) {
            stop = e.getMessage() + "; nothing after it was processed";
        } catch (HttpError.BodyTooLarge e) {
            stop = e.getMessage() + "; nothing after it was processed";
        }
        answer.finish(stop);
    }

    /** {@code reason} when the body has another record after the cap, else null (the cap was met exactly). */
    private static String more(BodyParser.Records records, String reason) throws IOException {
        try {
            return records.next() == null ? null : reason + " (the records after it were not processed)";
        } catch (BodyParser.MalformedBody e) {
            return reason + " (the records after it were not processed)";
        }
    }

    private void refuse(Exchange ex, int status, String message) throws IOException {
        metrics.response(status);
        ex.error(status, message);
    }

    private static String invalidSource(String given) {
        try {
            SourceName.normalise(given);
            return "source is not valid";
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }
}
