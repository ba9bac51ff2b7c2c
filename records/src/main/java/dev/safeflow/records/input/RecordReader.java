package dev.safeflow.records.input;

import java.io.Closeable;
import java.io.IOException;

/** Cuts an input into records, one at a time, in input order. */
public interface RecordReader extends Closeable {
    /** The next record, or null at the end of the input. */
    RawRecord next() throws IOException;

    /** Bytes of the underlying file consumed so far (compressed bytes for gzip), for progress. */
    long bytesConsumed();
}
