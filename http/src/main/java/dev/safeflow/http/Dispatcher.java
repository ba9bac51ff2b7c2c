package dev.safeflow.http;

import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.EofException;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Finds the route for a path, checks its credentials, runs it and turns its failures into answers. */
final class Dispatcher {
    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);

    /** A route under a path prefix; {@code streams} non-null for a long-lived route with its own permits. */
    record Mount(String prefix, Route route, Semaphore streams) {
    }

    /** Basic auth on the methods {@code methods} under {@code prefix}. */
    record Guard(String prefix, Set<String> methods, BasicAuth auth, String realm) {
    }

    private final List<Mount> mounts;
    private final List<Guard> guards;
    private final HttpLimits limits;
    private final ScheduledExecutorService timer;

    /** {@code mounts} sorted longest prefix first. */
    Dispatcher(List<Mount> mounts, List<Guard> guards, HttpLimits limits, ScheduledExecutorService timer) {
        this.mounts = List.copyOf(mounts);
        this.guards = List.copyOf(guards);
        this.limits = limits;
        this.timer = timer;
    }

    /** The handler of the bounded pool: every route that is not a stream. */
    Handler pooled() {
        return new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                Mount m = match(request.getHttpURI().getPath());
                if (m == null || m.streams() != null) {
                    return refuse(request, response, callback, 404, "nothing here: " + request.getMethod() + " " + request.getHttpURI().getPath());
                }
                return run(m.route(), request, response, callback);
            }
        };
    }

    /** The stream route for {@code path}, or null when it is not one. */
    Mount stream(String path) {
        Mount m = match(path);
        return m != null && m.streams() != null ? m : null;
    }

    boolean runStream(Mount stream, Request request, Response response, Callback callback) {
        if (!stream.streams().tryAcquire()) {
            return refuse(request, response, callback, 503, "too many open streams on " + stream.prefix() + "; close a page and retry");
        }
        try {
            return run(stream.route(), request, response, callback);
        } finally {
            stream.streams().release();
        }
    }

    boolean run(Route route, Request request, Response response, Callback callback) {
        Exchange ex = new Exchange(request, response, limits, timer);
        try {
            Guard guard = guard(request);
            if (guard != null && !guard.auth().accepts(request.getHeaders().get(HttpHeader.AUTHORIZATION))) {
                ex.header("WWW-Authenticate", "Basic realm=\"" + guard.realm() + "\", charset=\"UTF-8\"");
                throw new HttpError(401, request.getMethod() + " " + guard.prefix() + " needs basic auth: send the configured user:password");
            }
            route.handle(ex);
            ex.finish();
            callback.succeeded();
        } catch (HttpError e) {
            answerFailure(ex, callback, e, e.status(), e.getMessage());
        } catch (EofException e) {
            // The client went away or its body timed out; there is no one to answer.
            callback.failed(e);
        } catch (IOException e) {
            answerFailure(ex, callback, e, 400, "reading the request failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            answerFailure(ex, callback, e, 503, "the server is shutting down; retry");
        } catch (Exception e) {
            LOG.error("{} {} failed", request.getMethod(), request.getHttpURI().getPath(), e);
            answerFailure(ex, callback, e, 500, "internal error: " + e.getMessage());
        }
        return true;
    }

    boolean refuse(Request request, Response response, Callback callback, int status, String message) {
        Exchange ex = new Exchange(request, response, limits, timer);
        answerFailure(ex, callback, null, status, message);
        return true;
    }

    private void answerFailure(Exchange ex, Callback callback, Throwable cause, int status, String message) {
        if (ex.answered()) {
            // Part of a response is out: only a cut connection tells the client it is incomplete.
            callback.failed(cause != null ? cause : new IOException(message));
            return;
        }
        try {
            if (cause instanceof HttpError.BodyTooLarge) {
                // The rest of the body was not read, so this connection cannot carry another request.
                ex.header("Connection", "close");
            }
            ex.error(status, message);
            callback.succeeded();
        } catch (IOException | RuntimeException e) {
            callback.failed(e);
        }
    }

    private Mount match(String path) {
        for (Mount m : mounts) {
            if (path.startsWith(m.prefix())) {
                return m;
            }
        }
        return null;
    }

    private Guard guard(Request request) {
        String path = request.getHttpURI().getPath();
        for (Guard g : guards) {
            if (path.startsWith(g.prefix()) && g.methods().contains(request.getMethod())) {
                return g;
            }
        }
        return null;
    }
}
