package dev.safeflow.ingest.http;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.safeflow.records.input.InputSource;
import dev.safeflow.records.input.RawRecord;
import dev.safeflow.records.input.RecordReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Cuts a request body into records. {@code application/json} must be one JSON object or an array of
 * them (anything else is a malformed body: 400). {@code application/x-ndjson} (or jsonl) is one
 * record per line, each validated on its own. Without a content type a leading {@code [} means an
 * array and anything else JSONL. Record numbers are 1-based positions in the body.
 */
final class BodyParser {
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /** The body as a whole is not what its content type says: answered with 400. */
    static final class MalformedBody extends Exception {
        private static final long serialVersionUID = 1L;

        MalformedBody(String message) {
            super(message, null, false, false);
        }
    }

    private BodyParser() {
    }

    static List<RawRecord> records(byte[] body, String contentType, int maxRecordBytes) throws MalformedBody {
        String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        int first = firstNonBlank(body);
        if (first < 0) {
            throw new MalformedBody("the body is empty: send JSON records (an object, an array, or JSONL)");
        }
        boolean lines = type.contains("ndjson") || type.contains("jsonl") || type.contains("json-seq");
        if (!lines && (type.contains("json") || body[first] == '[')) {
            return whole(body);
        }
        List<RawRecord> out = new ArrayList<>();
        try (RecordReader reader = InputSource.jsonLines(new ByteArrayInputStream(body), maxRecordBytes)) {
            for (RawRecord r; (r = reader.next()) != null; ) {
                out.add(r);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private static List<RawRecord> whole(byte[] body) throws MalformedBody {
        JsonNode node;
        try {
            node = JSON.readTree(body);
        } catch (IOException e) {
            throw new MalformedBody("the body is not valid JSON: " + e.getMessage().lines().findFirst().orElse("")
                + " (send application/x-ndjson to have each line judged on its own)");
        }
        List<RawRecord> out = new ArrayList<>();
        if (node.isArray()) {
            int i = 0;
            for (JsonNode element : node) {
                out.add(RawRecord.parsed(++i, bytes(element), element));
            }
        } else {
            out.add(RawRecord.parsed(1, bytes(node), node));
        }
        return out;
    }

    private static byte[] bytes(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int firstNonBlank(byte[] body) {
        for (int i = 0; i < body.length; i++) {
            if (body[i] != ' ' && body[i] != '\n' && body[i] != '\r' && body[i] != '\t') {
                return i;
            }
        }
        return -1;
    }
}
