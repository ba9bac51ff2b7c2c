package dev.safeflow.ingest.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.safeflow.records.input.InputSource;
import dev.safeflow.records.input.RawRecord;
import dev.safeflow.records.input.RecordReader;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;

/**
 * Cuts a request body into records as it arrives, one at a time, so a request never sits in memory as
 * a list. {@code application/json} must be one JSON object or an array of them; {@code
 * application/x-ndjson} (or jsonl) is one record per line, each validated on its own. Without a content
 * type a leading {@code [} means an array and anything else JSONL. Record numbers are 1-based
 * positions in the body. A body that is not what its type says before its first record is a
 * {@link MalformedBody} (400); one that breaks later ends the request at that point.
 */
final class BodyParser {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The body is not what its content type says: answered with 400, or ends a streamed answer. */
    static final class MalformedBody extends Exception {
        private static final long serialVersionUID = 1L;

        MalformedBody(String message) {
            super(message, null, false, false);
        }
    }

    /** The records of one body, in order. */
    interface Records extends AutoCloseable {
        /** The next record, or null at the end of the body. */
        RawRecord next() throws IOException, MalformedBody;

        @Override
        void close() throws IOException;
    }

    private BodyParser() {
    }

    static Records open(InputStream body, String contentType, int maxRecordBytes) throws IOException, MalformedBody {
        String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        BufferedInputStream in = new BufferedInputStream(body);
        int first = firstNonBlank(in);
        if (first < 0) {
            throw new MalformedBody("the body is empty: send JSON records (an object, an array, or JSONL)");
        }
        boolean lines = type.contains("ndjson") || type.contains("jsonl") || type.contains("json-seq");
        if (!lines && (type.contains("json") || first == '[')) {
            return new JsonRecords(in);
        }
        RecordReader reader = InputSource.jsonLines(in, maxRecordBytes);
        return new Records() {
            @Override
            public RawRecord next() throws IOException {
                return reader.next();
            }

            @Override
            public void close() throws IOException {
                reader.close();
            }
        };
    }

    /** One JSON object, or an array of them read element by element. */
    private static final class JsonRecords implements Records {
        private final JsonParser parser;
        private boolean array;
        private boolean done;
        private long index;

        JsonRecords(InputStream in) throws IOException, MalformedBody {
            parser = JSON.createParser(in);
            JsonToken start = token();
            if (start == JsonToken.START_ARRAY) {
                array = true;
            } else if (start != JsonToken.START_OBJECT) {
                throw new MalformedBody("the body is neither a JSON object nor an array of them"
                    + " (send application/x-ndjson to have each line judged on its own)");
            }
        }

        @Override
        public RawRecord next() throws IOException, MalformedBody {
            if (done) {
                return null;
            }
            if (array && token() == JsonToken.END_ARRAY) {
                done = true;
                requireEnd();
                return null;
            }
            JsonNode node = read();
            if (!array) {
                done = true;
                requireEnd();
            }
            // The whole element is kept: a too-large one goes to ft.dlq cut to fit, with its full size and hash.
            return RawRecord.parsed(++index, JSON.writeValueAsBytes(node), node);
        }

        private JsonNode read() throws IOException, MalformedBody {
            try {
                return JSON.readTree(parser);
            } catch (JsonProcessingException e) {
                throw malformed(e);
            }
        }

        private JsonToken token() throws IOException, MalformedBody {
            try {
                return parser.nextToken();
            } catch (JsonProcessingException e) {
                throw malformed(e);
            }
        }

        private void requireEnd() throws IOException, MalformedBody {
            if (token() != null) {
                throw new MalformedBody("content after the end of the JSON " + (array ? "array" : "object")
                    + " (send application/x-ndjson for one record per line)");
            }
        }

        private MalformedBody malformed(JsonProcessingException e) {
            String m = e.getOriginalMessage();
            return new MalformedBody("the body is not valid JSON after record " + index + ": "
                + (m == null ? "" : m.lines().findFirst().orElse("")) + " (send application/x-ndjson to have each line judged on its own)");
        }

        @Override
        public void close() throws IOException {
            parser.close();
        }
    }

    /** Skips leading white space and returns the first other byte, left unread; -1 for an empty body. */
    private static int firstNonBlank(BufferedInputStream in) throws IOException {
        while (true) {
            in.mark(1);
            int b = in.read();
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                in.reset();
                return b;
            }
        }
    }
}
