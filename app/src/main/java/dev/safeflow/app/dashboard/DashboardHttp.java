package dev.safeflow.app.dashboard;

import dev.safeflow.http.Exchange;
import dev.safeflow.http.HttpService;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The dashboard's HTTP routes: the page and its static files from the classpath ({@code dashboard/}),
 * the state as JSON, the same state pushed as Server-Sent Events, and a health check.
 * Nothing is fetched from elsewhere: the page must work on a machine without internet access.
 */
final class DashboardHttp {
    private static final String RESOURCES = "dashboard/";
    /** Plain names only: no slashes or dots in front, so a request can never climb out of {@code dashboard/}. */
    private static final Pattern STATIC_NAME = Pattern.compile("[A-Za-z0-9_-]+\\.(js|css|svg|ico)");
    private static final Map<String, String> TYPES = Map.of(
        "html", "text/html; charset=utf-8",
        "js", "text/javascript; charset=utf-8",
        "css", "text/css; charset=utf-8",
        "svg", "image/svg+xml",
        "ico", "image/x-icon");
    /** Coalesces bursts (a replay from offset 0 is thousands of records) into a few messages per second. */
    private static final long MIN_EVENT_GAP_MILLIS = 250;
    /** A comment line this often keeps proxies from closing an idle stream and notices a gone client. */
    private static final long KEEP_ALIVE_MILLIS = 15_000;
    /** Open pages at once: each holds a thread for its event stream, outside the pool of short requests. */
    static final int MAX_EVENT_STREAMS = 32;

    private final DashboardState state;
    /** Threads serving event streams, interrupted on close so no page holds the server open. */
    private final Set<Thread> streams = ConcurrentHashMap.newKeySet();

    DashboardHttp(DashboardState state) {
        this.state = state;
    }

    HttpService.Builder register(HttpService.Builder server) {
        return server
            .health(this::health)
            .route("/", this::page)
            .route("/static/", this::staticFile)
            .route("/api/state", this::stateJson)
            .stream("/api/events", MAX_EVENT_STREAMS, this::events);
    }

    /** Ends every open event stream. */
    void closeStreams() {
        streams.forEach(Thread::interrupt);
    }

    private void page(Exchange ex) throws IOException {
        if (!allowed(ex)) {
            return;
        }
        String path = ex.path();
        if (!path.equals("/") && !path.equals("/index.html")) {
            send(ex, 404, "text/plain; charset=utf-8", ("no page at " + path + "; the dashboard is at /").getBytes(StandardCharsets.UTF_8));
            return;
        }
        send(ex, 200, TYPES.get("html"), resource("index.html"));
    }

    private void staticFile(Exchange ex) throws IOException {
        if (!allowed(ex)) {
            return;
        }
        String name = ex.path().substring("/static/".length());
        byte[] body = STATIC_NAME.matcher(name).matches() ? resource(name) : null;
        if (body == null) {
            send(ex, 404, "text/plain; charset=utf-8", ("no static file " + name).getBytes(StandardCharsets.UTF_8));
            return;
        }
        send(ex, 200, TYPES.get(name.substring(name.lastIndexOf('.') + 1)), body);
    }

    private void stateJson(Exchange ex) throws IOException {
        if (allowed(ex)) {
            send(ex, 200, "application/json", state.toJson().getBytes(StandardCharsets.UTF_8));
        }
    }

    private void health(Exchange ex) throws IOException {
        if (allowed(ex)) {
            String feed = state.snapshot().feed().status();
            String body = "{\"status\":\"up\",\"feed\":\"" + feed + "\"}";
            send(ex, 200, "application/json", body.getBytes(StandardCharsets.UTF_8));
        }
    }

    /**
     * Server-Sent Events: a {@code state} event with the full snapshot now and after every change.
     * Full snapshots rather than deltas: they are small (bounded state) and a reconnecting client needs no replay.
     */
    private void events(Exchange ex) throws IOException {
        if (!allowed(ex)) {
            return;
        }
        ex.header("Cache-Control", "no-store");
        Thread me = Thread.currentThread();
        streams.add(me);
        try {
            OutputStream out = ex.stream(200, "text/event-stream; charset=utf-8");
            long sent = -1;
            while (!me.isInterrupted()) {
                long now = state.awaitChange(sent, KEEP_ALIVE_MILLIS);
                if (now == sent) {
                    out.write(": keep-alive\n\n".getBytes(StandardCharsets.UTF_8));
                } else {
                    DashboardSnapshot snapshot = state.snapshot();
                    sent = snapshot.version();
                    String message = "event: state\nid: " + sent + "\ndata: " + DashboardState.toJson(snapshot) + "\n\n";
                    out.write(message.getBytes(StandardCharsets.UTF_8));
                }
                out.flush();
                Thread.sleep(MIN_EVENT_GAP_MILLIS);
            }
        } catch (InterruptedException e) {
            // The server is closing.
        } catch (IOException e) {
            // The browser went away; nothing to clean up beyond the exchange.
        } finally {
            streams.remove(me);
            Thread.interrupted();
        }
    }

    private static boolean allowed(Exchange ex) throws IOException {
        String method = ex.method();
        if (method.equals("GET") || method.equals("HEAD")) {
            return true;
        }
        ex.header("Allow", "GET, HEAD");
        send(ex, 405, "text/plain; charset=utf-8", (method + " is not supported; the dashboard is read-only").getBytes(StandardCharsets.UTF_8));
        return false;
    }

    private static void send(Exchange ex, int status, String type, byte[] body) throws IOException {
        ex.header("Cache-Control", "no-store");
        ex.header("X-Content-Type-Options", "nosniff");
        ex.bytes(status, type, body);
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = DashboardHttp.class.getClassLoader().getResourceAsStream(RESOURCES + name)) {
            return in == null ? null : in.readAllBytes();
        }
    }
}
