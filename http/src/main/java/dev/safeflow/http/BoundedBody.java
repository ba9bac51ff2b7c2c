package dev.safeflow.http;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A request body that ends in time and in size. A client that keeps a body open by sending a byte now
 * and then would hold a handler thread for as long as it likes, since each byte resets the idle
 * timeout; so the connection is closed when the body is still open {@code timeout} after the first
 * read, which fails the blocked read and frees the thread.
 */
final class BoundedBody extends FilterInputStream {
    private final long max;
    private final String limitName;
    private final Duration timeout;
    private final ScheduledExecutorService timer;
    private final Runnable cutOff;
    private ScheduledFuture<?> deadline;
    private volatile boolean expired;
    private long read;
    private boolean done;

    BoundedBody(InputStream in, long max, String limitName, Duration timeout, ScheduledExecutorService timer, Runnable cutOff) {
        super(in);
        this.max = max;
        this.limitName = limitName;
        this.timeout = timeout;
        this.timer = timer;
        this.cutOff = cutOff;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (done) {
            return -1;
        }
        arm();
        int n;
        try {
            // One byte past the limit is enough to know it is passed.
            n = super.read(b, off, (int) Math.min(len, max - read + 1));
        } catch (IOException e) {
            throw expired ? new IOException("the request body did not arrive within the body timeout of " + timeout, e) : e;
        }
        if (n < 0) {
            finish();
            return -1;
        }
        read += n;
        if (read > max) {
            finish();
            throw new HttpError.BodyTooLarge("body is over " + limitName + " = " + max);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        byte[] sink = new byte[(int) Math.min(8192, Math.max(n, 1))];
        long skipped = 0;
        while (skipped < n) {
            int r = read(sink, 0, (int) Math.min(sink.length, n - skipped));
            if (r < 0) {
                break;
            }
            skipped += r;
        }
        return skipped;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    @Override
    public void close() throws IOException {
        finish();
        super.close();
    }

    private void arm() {
        if (deadline == null) {
            deadline = timer.schedule(() -> {
                expired = true;
                cutOff.run();
            }, timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void finish() {
        done = true;
        if (deadline != null) {
            deadline.cancel(false);
        }
    }
}
