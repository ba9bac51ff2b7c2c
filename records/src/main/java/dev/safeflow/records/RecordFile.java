package dev.safeflow.records;

import com.fasterxml.jackson.databind.JsonNode;
import dev.safeflow.avro.FineTuneRecord;
import dev.safeflow.records.input.InputSource;
import dev.safeflow.records.input.RawRecord;
import dev.safeflow.records.input.RecordReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A file of records (JSONL, JSON array, CSV, gzip, or stdin as {@code -}) in any shape, read line by line:
 * each line is either the mapped {@link FineTuneRecord} with the line's JSON fields, or an error that names
 * the file and the line. For callers that read a whole file themselves (offline training, labelled files
 * for screener fitting); ingest streams to Kafka with {@link RecordParser} and the readers directly.
 */
public final class RecordFile {
    /** Large enough for any training record; a larger one is reported as too large, not read. */
    public static final int MAX_RECORD_BYTES = 16 << 20;

    /** One line (CSV row, array element) of the file. */
    public sealed interface Line {
        /** 1-based line where the record starts. */
        long number();
    }

    /** A line that mapped; {@code fields} is its whole JSON object, including fields the shape does not use. */
    public record Mapped(long number, FineTuneRecord record, JsonNode fields) implements Line {
        /** A field of the line as text, or null when the line has no such field (or it is JSON null). */
        public String field(String name) {
            JsonNode v = fields.get(name);
            return v == null || v.isNull() ? null : v.isValueNode() ? v.asText() : v.toString();
        }
    }

    /** A line that did not map; {@code message} names the file and line, the reason and what was wrong. */
    public record Failed(long number, RejectReason reason, String message) implements Line {}

    private final String arg;
    private final InputStream stdin;
    private final RecordParser parser;
    private final String source;

    private RecordFile(String arg, InputStream stdin, RecordShape shape, FieldNames fields, String source) {
        this.arg = arg;
        this.stdin = stdin;
        this.parser = new RecordParser(shape, fields, MAX_RECORD_BYTES, Clock.systemUTC());
        this.source = source;
    }

    /** A file with the standard field names; {@code source} is what the records' source field will say. */
    public static RecordFile of(Path file, RecordShape shape, String source) {
        return new RecordFile(file.toString(), InputStream.nullInputStream(), shape, FieldNames.standard(), source);
    }

    /** A path, or {@code -} for {@code stdin}, with the caller's field names. */
    public static RecordFile of(String arg, InputStream stdin, RecordShape shape, FieldNames fields, String source) {
        return new RecordFile(arg, stdin, shape, fields, source);
    }

    /** The name lines and errors carry: the absolute path, or {@code stdin}. */
    public String name() {
        return InputSource.displayName(arg);
    }

    /**
     * Hands every line to {@code each} in file order, without holding the file in memory.
     *
     * @throws IllegalArgumentException when the file does not exist or is a directory (one sentence naming it)
     * @throws UncheckedIOException     when the file cannot be read
     */
    public void forEach(Consumer<? super Line> each) {
        String name = name();
        try (RecordReader reader = InputSource.reader(arg, stdin, MAX_RECORD_BYTES)) {
            for (RawRecord raw; (raw = reader.next()) != null; ) {
                Parsed p = parser.parse(raw, new Provenance(source, "", name, raw.line()));
                if (p instanceof Parsed.Accepted a) {
                    each.accept(new Mapped(raw.line(), a.record(), a.fields()));
                } else if (p instanceof Parsed.Rejected r) {
                    each.accept(new Failed(raw.line(), r.reason(),
                        name + " line " + raw.line() + ": " + r.reason().wireName() + " (" + r.detail() + ")"));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + name + ": " + e.getMessage(), e);
        }
    }

    /** Every line, in file order. */
    public List<Line> lines() {
        List<Line> out = new ArrayList<>();
        forEach(out::add);
        return out;
    }
}
