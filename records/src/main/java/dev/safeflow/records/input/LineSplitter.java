package dev.safeflow.records.input;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Splits a byte stream at {@code \n} (dropping a {@code \r} before it) without decoding, so invalid
 * UTF-8 reaches the validator as the original bytes. A line longer than {@code keep} bytes is
 * counted to its end but only its first {@code keep} bytes are held in memory.
 */
final class LineSplitter {
    private final InputStream in;
    private final int keep;
    private final byte[] buffer = new byte[1 << 16];
    private int pos;
    private int limit;
    private long lineNumber;

    /** One line: its number, the bytes kept, and its full length. */
    record Line(long number, byte[] bytes, long length) {
    }

    LineSplitter(InputStream in, int keep) {
        this.in = in;
        this.keep = keep;
    }

    Line next() throws IOException {
        byte[] out = new byte[256];
        int kept = 0;
        long length = 0;
        boolean any = false;
        while (true) {
            if (pos == limit) {
                limit = in.read(buffer, 0, buffer.length);
                pos = 0;
                if (limit <= 0) {
                    limit = 0;
                    if (!any) {
                        return null;
                    }
                    break;
                }
            }
            any = true;
            int start = pos;
            while (pos < limit && buffer[pos] != '\n') {
                pos++;
            }
            int n = pos - start;
            length += n;
            int room = Math.min(n, keep + 1 - kept);
            if (room > 0) {
                if (kept + room > out.length) {
                    out = Arrays.copyOf(out, Math.max(out.length * 2, kept + room));
                }
                System.arraycopy(buffer, start, out, kept, room);
                kept += room;
            }
            if (pos < limit) {
                pos++;
                break;
            }
        }
        lineNumber++;
        if (kept > 0 && kept == length && out[kept - 1] == '\r') {
            kept--;
            length--;
        }
        return new Line(lineNumber, Arrays.copyOf(out, Math.min(kept, keep)), length);
    }
}
