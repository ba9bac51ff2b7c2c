package dev.safeflow.records.input;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.safeflow.records.RejectReason;
import dev.safeflow.records.Utf8;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * CSV (RFC 4180): the first row names the fields, each later row is one record whose cells become
 * string fields. Quoted cells may hold commas, doubled quotes and newlines, so one record can span
 * several lines; its line number is where it starts.
 */
final class CsvReader implements RecordReader {
    private final InputSource.Opened input;
    private final LineSplitter lines;
    private final int maxRecordBytes;
    private List<String> header;

    CsvReader(InputSource.Opened input, int maxRecordBytes) {
        this.input = input;
        this.maxRecordBytes = maxRecordBytes;
        this.lines = new LineSplitter(input.stream(), maxRecordBytes);
    }

    @Override
    public RawRecord next() throws IOException {
        while (true) {
            LineSplitter.Line first = lines.next();
            if (first == null) {
                return null;
            }
            ByteArrayOutputStream raw = new ByteArrayOutputStream();
            raw.write(first.bytes());
            long total = first.length();
            boolean truncated = first.length() > first.bytes().length;
            // A quoted cell with a newline in it: keep reading lines until the quotes balance.
            while (!truncated && quotesOpen(raw.toByteArray())) {
                LineSplitter.Line more = lines.next();
                if (more == null) {
                    break;
                }
                raw.write('\n');
                raw.write(more.bytes());
                total += 1 + more.length();
                truncated = more.length() > more.bytes().length || raw.size() > maxRecordBytes;
            }
            byte[] bytes = raw.toByteArray();
            if (total > maxRecordBytes || truncated) {
                byte[] kept = java.util.Arrays.copyOf(bytes, Math.min(bytes.length, maxRecordBytes));
                return new RawRecord(first.number(), kept, Math.max(total, maxRecordBytes + 1L), null, null, null);
            }
            if (isBlank(bytes)) {
                continue;
            }
            String text = Utf8.strict(bytes);
            if (text == null) {
                if (header == null) {
                    throw new IllegalArgumentException("the CSV header of " + input.name() + " is not valid UTF-8: save the file as UTF-8");
                }
                return RawRecord.failed(first.number(), bytes, RejectReason.INVALID_UTF8, "row is not valid UTF-8");
            }
            List<String> cells = parse(text);
            if (cells == null) {
                return RawRecord.failed(first.number(), bytes, RejectReason.MALFORMED_CSV, "unbalanced quotes");
            }
            if (header == null) {
                header = cells;
                continue;
            }
            if (cells.size() != header.size()) {
                return RawRecord.failed(first.number(), bytes, RejectReason.MALFORMED_CSV,
                    "row has " + cells.size() + " cells, the header has " + header.size());
            }
            ObjectNode node = JsonNodeFactory.instance.objectNode();
            for (int i = 0; i < cells.size(); i++) {
                node.put(header.get(i), cells.get(i));
            }
            return RawRecord.parsed(first.number(), bytes, node);
        }
    }

    private static boolean quotesOpen(byte[] bytes) {
        int quotes = 0;
        for (byte b : bytes) {
            if (b == '"') {
                quotes++;
            }
        }
        return quotes % 2 == 1;
    }

    private static boolean isBlank(byte[] bytes) {
        for (byte b : bytes) {
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return true;
    }

    /** Cells of one record, or null when a quote is not closed or stray text follows a closing quote. */
    static List<String> parse(String text) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        int i = 0;
        int n = text.length();
        while (true) {
            if (i < n && text.charAt(i) == '"') {
                i++;
                while (true) {
                    if (i >= n) {
                        return null;
                    }
                    char c = text.charAt(i++);
                    if (c == '"') {
                        if (i < n && text.charAt(i) == '"') {
                            cell.append('"');
                            i++;
                        } else {
                            break;
                        }
                    } else {
                        cell.append(c);
                    }
                }
                if (i < n && text.charAt(i) != ',') {
                    return null;
                }
            } else {
                while (i < n && text.charAt(i) != ',') {
                    cell.append(text.charAt(i++));
                }
            }
            cells.add(cell.toString());
            cell.setLength(0);
            if (i >= n) {
                return cells;
            }
            i++; // the comma
        }
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
