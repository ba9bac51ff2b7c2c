package dev.safeflow.http;

import java.time.Duration;

/**
 * What one client may cost a server. A connection waiting for its request headers holds no thread
 * (Jetty reads them without blocking), so slow headers are bounded by {@code headerTimeout} and
 * {@code maxConnections}; a request being handled holds one thread, so handling is bounded by
 * {@code maxRequests} and a body by {@code bodyTimeout} from its first byte.
 *
 * @param headerTimeout   a connection that has not sent complete request headers this long after it opened
 *                        (or after its previous response) is closed
 * @param bodyTimeout     a request body that is still arriving this long after the handler started reading
 *                        it is cut off by closing the connection
 * @param idleTimeout     a connection on which no byte moves this long is closed
 * @param maxHeaderBytes  request line plus headers; larger is answered 431
 * @param maxBodyBytes    request body; larger is answered 413 before it is read
 * @param maxRequests     requests handled at once; more wait (holding no thread) up to {@code queueTimeout}
 * @param queueTimeout    how long a request waits for a free slot before it is answered 503
 * @param maxConnections  open connections; past it the server stops accepting until one closes
 */
public record HttpLimits(Duration headerTimeout, Duration bodyTimeout, Duration idleTimeout, int maxHeaderBytes,
                         long maxBodyBytes, int maxRequests, Duration queueTimeout, int maxConnections) {

    /**
     * Sized for a service answering a few clients on a small machine: 16 handlers at once is twice what the
     * busiest server had, and 10 s for headers is generous for any client that is not stalling on purpose.
     */
    public static HttpLimits defaults() {
        return new HttpLimits(Duration.ofSeconds(10), Duration.ofSeconds(60), Duration.ofSeconds(30), 8 * 1024,
            1L << 20, 16, Duration.ofSeconds(30), 512);
    }

    public HttpLimits {
        positive(headerTimeout, "header timeout");
        positive(bodyTimeout, "body timeout");
        positive(idleTimeout, "idle timeout");
        positive(queueTimeout, "queue timeout");
        if (maxHeaderBytes < 1024) {
            throw new IllegalArgumentException("max header bytes " + maxHeaderBytes + " is under 1024; browsers send more");
        }
        if (maxBodyBytes < 0 || maxRequests < 1 || maxConnections < 2) {
            throw new IllegalArgumentException("max body bytes " + maxBodyBytes + ", max requests " + maxRequests
                + " and max connections " + maxConnections + " must be at least 0, 1 and 2");
        }
    }

    public HttpLimits withHeaderTimeout(Duration d) {
        return new HttpLimits(d, bodyTimeout, idleTimeout, maxHeaderBytes, maxBodyBytes, maxRequests, queueTimeout, maxConnections);
    }

    public HttpLimits withBodyTimeout(Duration d) {
        return new HttpLimits(headerTimeout, d, idleTimeout, maxHeaderBytes, maxBodyBytes, maxRequests, queueTimeout, maxConnections);
    }

    public HttpLimits withIdleTimeout(Duration d) {
        return new HttpLimits(headerTimeout, bodyTimeout, d, maxHeaderBytes, maxBodyBytes, maxRequests, queueTimeout, maxConnections);
    }

    public HttpLimits withMaxHeaderBytes(int n) {
        return new HttpLimits(headerTimeout, bodyTimeout, idleTimeout, n, maxBodyBytes, maxRequests, queueTimeout, maxConnections);
    }

    public HttpLimits withMaxBodyBytes(long n) {
        return new HttpLimits(headerTimeout, bodyTimeout, idleTimeout, maxHeaderBytes, n, maxRequests, queueTimeout, maxConnections);
    }

    public HttpLimits withMaxRequests(int n) {
        return new HttpLimits(headerTimeout, bodyTimeout, idleTimeout, maxHeaderBytes, maxBodyBytes, n, queueTimeout, maxConnections);
    }

    public HttpLimits withQueueTimeout(Duration d) {
        return new HttpLimits(headerTimeout, bodyTimeout, idleTimeout, maxHeaderBytes, maxBodyBytes, maxRequests, d, maxConnections);
    }

    public HttpLimits withMaxConnections(int n) {
        return new HttpLimits(headerTimeout, bodyTimeout, idleTimeout, maxHeaderBytes, maxBodyBytes, maxRequests, queueTimeout, n);
    }

    private static void positive(Duration d, String what) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " " + d + " must be a positive duration");
        }
    }
}
