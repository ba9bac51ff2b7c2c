package dev.safeflow.trainer.offline;

import dev.safeflow.avro.FineTuneRecord;
import dev.safeflow.records.RecordFile;
import dev.safeflow.records.RecordShape;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a training file (JSONL, JSON array, CSV, gzip; alpaca, messages, sharegpt, prompt-completion,
 * text or auto) with the records module, so offline training accepts exactly what {@code ingest} does.
 */
public final class DataFile {

    /** What a file held: the valid records and, for the rejected ones, a count and the first reason. */
    public record Contents(List<FineTuneRecord> records, long rejected, String firstRejection) {}

    private DataFile() {}

    public static Contents read(Path file, String format) {
        List<FineTuneRecord> out = new ArrayList<>();
        long[] rejected = {0};
        String[] first = {null};
        RecordFile.of(file, RecordShape.parse(format), "offline").forEach(line -> {
            if (line instanceof RecordFile.Mapped m) {
                out.add(m.record());
            } else if (line instanceof RecordFile.Failed f) {
                rejected[0]++;
                if (first[0] == null) {
                    first[0] = f.message();
                }
            }
        });
        return new Contents(out, rejected[0], first[0]);
    }
}
