package dev.safeflow.records.input;

import java.io.IOException;

/** JSONL: one record per line; blank lines are skipped and not counted as records. */
final class JsonLinesReader implements RecordReader {
    private final InputSource.Opened input;
    private final LineSplitter lines;

    JsonLinesReader(InputSource.Opened input, int maxRecordBytes) {
        this.input = input;
        this.lines = new LineSplitter(input.stream(), maxRecordBytes);
    }

    @Override
    public RawRecord next() throws IOException {
        LineSplitter.Line line;
        do {
            line = lines.next();
            if (line == null) {
                return null;
            }
        } while (isBlank(line));
        return RawRecord.bytes(line.number(), line.bytes(), line.length());
    }

    private static boolean isBlank(LineSplitter.Line line) {
        if (line.length() > line.bytes().length) {
            return false;
        }
        for (byte b : line.bytes()) {
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return true;
    }

    @Override
    public long bytesConsumed() {
        return input.counter().count();
    }

    @Override
    public void close() throws IOException {
        input.stream().close();
    }
}
