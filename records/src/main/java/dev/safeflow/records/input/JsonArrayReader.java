package dev.safeflow.records.input;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.safeflow.records.RejectReason;
import java.io.CharConversionException;
import java.io.IOException;

/**
 * A JSON array of records, streamed element by element so a large file never sits in memory.
 * Each element's raw bytes are its compact re-serialisation (the array's own bytes are not kept).
 * A syntax error inside the array ends the file: after it there is no reliable record boundary,
 * so the reader reports one rejection for the rest and stops. JSONL isolates bad records better.
 */
final class JsonArrayReader implements RecordReader {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final InputSource.Opened input;
    private final int maxRecordBytes;
    private JsonParser parser;
    private boolean done;

    JsonArrayReader(InputSource.Opened input, int maxRecordBytes) {
        this.input = input;
        this.maxRecordBytes = maxRecordBytes;
    }

    @Override
    public RawRecord next() throws IOException {
        if (done) {
            return null;
        }
        long line = parser == null ? 1 : parser.currentLocation().getLineNr();
        try {
            if (parser == null) {
                parser = JSON.createParser(input.stream());
                if (parser.nextToken() != JsonToken.START_ARRAY) {
                    throw new IllegalStateException("a JSON array must start with [");
                }
            }
            JsonToken token = parser.nextToken();
            if (token == JsonToken.END_ARRAY || token == null) {
                if (token == JsonToken.END_ARRAY && parser.nextToken() != null) {
                    return fail(parser.currentLocation().getLineNr(), "content after the closing ] of the array");
                }
                done = true;
                return null;
            }
            line = parser.currentTokenLocation().getLineNr();
            JsonNode node = JSON.readTree(parser);
            byte[] raw = JSON.writeValueAsBytes(node);
            if (raw.length > maxRecordBytes) {
                byte[] kept = java.util.Arrays.copyOf(raw, maxRecordBytes);
                return new RawRecord(line, kept, raw.length, null, null, null);
            }
            return RawRecord.parsed(line, raw, node);
        } catch (CharConversionException e) {
            return fail(line, RejectReason.INVALID_UTF8, firstLine(e));
        } catch (JsonProcessingException e) {
            boolean utf8 = e.getOriginalMessage() != null && e.getOriginalMessage().contains("UTF-8");
            return fail(line, utf8 ? RejectReason.INVALID_UTF8 : RejectReason.MALFORMED_JSON, firstLine(e));
        }
    }

    private RawRecord fail(long line, String detail) {
        return fail(line, RejectReason.MALFORMED_JSON, detail);
    }

    private RawRecord fail(long line, RejectReason reason, String detail) {
        done = true;
        String text = detail + "; the rest of the JSON array after line " + line + " was not read";
        // The bytes of the broken part cannot be cut out; the detail header says where it is.
        return RawRecord.failed(line, new byte[0], reason, text);
    }

    private static String firstLine(Exception e) {
        String m = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
        return m == null ? e.getClass().getSimpleName() : m.lines().findFirst().orElse(m);
    }

    @Override
    public long bytesConsumed() {
        return input.counter().count();
    }

    @Override
    public void close() throws IOException {
        if (parser != null) {
            parser.close();
        }
        input.stream().close();
    }
}
