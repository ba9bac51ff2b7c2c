package dev.safeflow.trainer.offline;

import dev.safeflow.avro.FineTuneRecord;
import dev.safeflow.ingest.FieldNames;
import dev.safeflow.ingest.InputFormat;
import dev.safeflow.ingest.Parsed;
import dev.safeflow.ingest.Provenance;
import dev.safeflow.ingest.RecordParser;
import dev.safeflow.ingest.input.InputSource;
import dev.safeflow.ingest.input.RawRecord;
import dev.safeflow.ingest.input.RecordReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a training file (JSONL, JSON array, CSV, gzip; alpaca, messages, sharegpt, prompt-completion,
 * text or auto) with ingest's parser, so offline training accepts exactly what {@code ingest} does.
 */
public final class DataFile {

    /** What a file held: the valid records and, for the rejected ones, a count and the first reason. */
    public record Contents(List<FineTuneRecord> records, long rejected, String firstRejection) {}

    private static final int MAX_RECORD_BYTES = 16 << 20;

    private DataFile() {}

    public static Contents read(Path file, String format) {
        InputFormat f = InputFormat.parse(format);
        RecordParser parser = new RecordParser(f, FieldNames.standard(), MAX_RECORD_BYTES, Clock.systemUTC());
        String name = InputSource.displayName(file.toString());
        List<FineTuneRecord> out = new ArrayList<>();
        long rejected = 0;
        String first = null;
        try (RecordReader reader = InputSource.reader(file.toString(), System.in, MAX_RECORD_BYTES)) {
            for (RawRecord raw; (raw = reader.next()) != null; ) {
                Parsed p = parser.parse(raw, new Provenance("offline", "", name, raw.line()));
                if (p instanceof Parsed.Accepted a) {
                    out.add(a.record());
                } else if (p instanceof Parsed.Rejected r) {
                    rejected++;
                    if (first == null) {
                        first = "line " + raw.line() + ": " + r.reason() + " (" + r.detail() + ")";
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read training data " + file + ": " + e.getMessage(), e);
        }
        return new Contents(out, rejected, first);
    }
}
