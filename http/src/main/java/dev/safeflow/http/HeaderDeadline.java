package dev.safeflow.http;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.io.Connection;

/**
 * Closes connections that do not deliver complete request headers in time. Jetty's idle timeout alone
 * does not: a client sending one header byte every few seconds is never idle. Between requests a
 * connection is "waiting for headers" from when it opened or its last response completed; while a
 * request is being handled the body timeout applies instead.
 */
final class HeaderDeadline implements Connection.Listener {
    /** Nanos since the connection started waiting for headers; absent while a request is in flight. */
    private final Map<Connection, Long> waiting = new ConcurrentHashMap<>();
    private final Map<Connection, Boolean> open = new ConcurrentHashMap<>();
    private final long timeoutNanos;

    HeaderDeadline(Duration timeout, ScheduledExecutorService timer) {
        this.timeoutNanos = timeout.toNanos();
        long period = Math.max(20, timeout.toMillis() / 4);
        timer.scheduleWithFixedDelay(this::sweep, period, period, TimeUnit.MILLISECONDS);
    }

    @Override
    public void onOpened(Connection connection) {
        open.put(connection, Boolean.TRUE);
        waiting.put(connection, System.nanoTime());
    }

    @Override
    public void onClosed(Connection connection) {
        open.remove(connection);
        waiting.remove(connection);
    }

    /** The headers of a request on {@code connection} are complete. */
    void requestStarted(Connection connection) {
        waiting.remove(connection);
    }

    /** The response on {@code connection} is complete: the next request's headers are now awaited. */
    void requestEnded(Connection connection) {
        if (open.containsKey(connection)) {
            waiting.put(connection, System.nanoTime());
        }
    }

    /** Connections open now, for tests and metrics. */
    int openConnections() {
        return open.size();
    }

    private void sweep() {
        long now = System.nanoTime();
        waiting.forEach((connection, since) -> {
            if (now - since > timeoutNanos) {
                waiting.remove(connection, since);
                connection.getEndPoint().close();
            }
        });
    }
}
