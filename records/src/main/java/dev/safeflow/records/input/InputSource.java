package dev.safeflow.records.input;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/**
 * A file or stdin ({@code -}), opened for reading: gzip is recognised by its magic bytes, not its
 * name, and the container (JSONL, JSON array, CSV) by the first bytes and the file name.
 */
public final class InputSource {
    public static final String STDIN = "-";

    /** The container format of an input. */
    public enum Container { JSONL, JSON_ARRAY, CSV }

    /** An opened input: a decompressed stream positioned after any BOM, and a count of the raw bytes read. */
    public record Opened(String name, InputStream stream, ByteCounter counter, long sizeOnDisk, Container container) {
    }

    private InputSource() {
    }

    /** The name records carry in their metadata and DLQ headers: the absolute path, or {@code stdin}. */
    public static String displayName(String arg) {
        return STDIN.equals(arg) ? "stdin" : Path.of(arg).toAbsolutePath().normalize().toString();
    }

    public static Opened open(String arg, InputStream stdin) {
        String name = displayName(arg);
        try {
            InputStream raw;
            long size = -1;
            if (STDIN.equals(arg)) {
                raw = stdin;
            } else {
                Path path = Path.of(arg);
                if (Files.isDirectory(path)) {
                    throw new IllegalArgumentException("input " + arg + " is a directory: pass the files in it (e.g. " + arg + "/*.jsonl)");
                }
                raw = Files.newInputStream(path);
                size = Files.size(path);
            }
            ByteCounter counter = new ByteCounter(raw);
            BufferedInputStream buffered = new BufferedInputStream(counter, 1 << 16);
            InputStream data = isGzip(buffered) ? new BufferedInputStream(new GZIPInputStream(buffered, 1 << 16), 1 << 16) : buffered;
            skipBom(data);
            return new Opened(name, data, counter, size, container(arg, data));
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("input file " + arg + " does not exist: check the path");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read input " + arg + ": " + e.getMessage(), e);
        }
    }

    /** Opens {@code arg} and picks the reader for its container. */
    public static RecordReader reader(String arg, InputStream stdin, int maxRecordBytes) {
        Opened opened = open(arg, stdin);
        return switch (opened.container()) {
            case JSONL -> new JsonLinesReader(opened, maxRecordBytes);
            case JSON_ARRAY -> new JsonArrayReader(opened, maxRecordBytes);
            case CSV -> new CsvReader(opened, maxRecordBytes);
        };
    }

    /** JSONL from a stream whatever its first bytes are (an HTTP body declared as JSONL). */
    public static RecordReader jsonLines(InputStream in, int maxRecordBytes) {
        Opened opened = new Opened("http", in, new ByteCounter(in), -1, Container.JSONL);
        return new JsonLinesReader(opened, maxRecordBytes);
    }

    private static boolean isGzip(InputStream in) throws IOException {
        in.mark(2);
        int b1 = in.read();
        int b2 = in.read();
        in.reset();
        return b1 == 0x1f && b2 == 0x8b;
    }

    private static void skipBom(InputStream in) throws IOException {
        in.mark(3);
        if (!(in.read() == 0xEF && in.read() == 0xBB && in.read() == 0xBF)) {
            in.reset();
        }
    }

    /**
     * A leading {@code [} means a JSON array; a {@code .csv} name or a first byte that cannot start
     * JSON means CSV (so CSV works on stdin too); everything else is JSONL.
     */
    private static Container container(String arg, InputStream in) throws IOException {
        in.mark(4096);
        int b;
        int seen = 0;
        do {
            b = in.read();
            seen++;
        } while (b != -1 && seen < 4096 && (b == ' ' || b == '\t' || b == '\r' || b == '\n'));
        in.reset();
        String lower = arg.toLowerCase(Locale.ROOT);
        if (b == '[') {
            return Container.JSON_ARRAY;
        }
        if (lower.endsWith(".csv") || lower.endsWith(".csv.gz")) {
            return Container.CSV;
        }
        boolean jsonName = lower.endsWith(".jsonl") || lower.endsWith(".json") || lower.endsWith(".ndjson")
            || lower.endsWith(".jsonl.gz") || lower.endsWith(".json.gz") || lower.endsWith(".ndjson.gz");
        return b == '{' || b == -1 || jsonName ? Container.JSONL : Container.CSV;
    }

    /** Counts bytes read from the file itself, before decompression, for a progress bar over the file size. */
    public static final class ByteCounter extends FilterInputStream {
        private volatile long count;

        ByteCounter(InputStream in) {
            super(in);
        }

        public long count() {
            return count;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }
}
