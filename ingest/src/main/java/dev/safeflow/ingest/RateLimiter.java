package dev.safeflow.ingest;

/** Spaces records evenly at a given rate; a rate of 0 means no limit. Not thread-safe: one per reader. */
final class RateLimiter {
    private final long intervalNanos;
    private long next = System.nanoTime();

    RateLimiter(double perSecond) {
        this.intervalNanos = perSecond <= 0 ? 0 : (long) (1e9 / perSecond);
    }

    void acquire() throws InterruptedException {
        if (intervalNanos == 0) {
            return;
        }
        long now = System.nanoTime();
        // No catching up after a stall: a pause must not turn into a burst.
        next = Math.max(next, now - intervalNanos) + intervalNanos;
        long wait = next - now;
        if (wait > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
    }
}
