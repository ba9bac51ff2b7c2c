package dev.safeflow.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.QoSHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * One HTTP server of safeflow, on Jetty: loopback unless a host is given, the {@link HttpLimits}
 * enforced, {@code GET /health} answered ahead of the bounded request pool (so neither slow nor many
 * clients can starve it), optional Host allow-list and basic auth.
 *
 * <pre>{@code try (HttpService http = HttpService.builder("auditor").port(8090)
 *         .health(ex -> ex.json(200, Map.of("state", "RUNNING")))
 *         .route("/stats", ex -> ex.json(200, stats()))
 *         .start()) {
 *     System.out.println(http.url());
 * }}</pre>
 */
public final class HttpService implements AutoCloseable {
    /** Threads beyond the request slots: health, long-lived streams are counted separately, Jetty's selector and acceptor. */
    private static final int SPARE_THREADS = 8;

    private final Server server;
    private final ServerConnector connector;
    private final ScheduledThreadPoolExecutor timer;
    private final HeaderDeadline headerDeadline;

    private HttpService(Server server, ServerConnector connector, ScheduledThreadPoolExecutor timer, HeaderDeadline headerDeadline) {
        this.server = server;
        this.connector = connector;
        this.timer = timer;
        this.headerDeadline = headerDeadline;
    }

    /** {@code name} is used in thread names and error messages ("ingest", "auditor"). */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    public int port() {
        return connector.getLocalPort();
    }

    public String host() {
        return connector.getHost();
    }

    /** {@code http://host:port}; a wildcard bind address is shown as localhost. */
    public URI url() {
        String h = host();
        String shown = h == null || h.equals("0.0.0.0") || h.equals("::") ? "localhost" : h.contains(":") ? "[" + h + "]" : h;
        return URI.create("http://" + shown + ":" + port());
    }

    /** Connections open now (any state). */
    public int openConnections() {
        return headerDeadline.openConnections();
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("HTTP server on port " + port() + " did not stop: " + e.getMessage(), e);
        } finally {
            timer.shutdownNow();
        }
    }

    /** Routes match by path prefix, the longest first, like {@code /promoted} for {@code /promoted/run-1}. */
    public static final class Builder {
        private final String name;
        private String host = "localhost";
        private int port;
        private HttpLimits limits = HttpLimits.defaults();
        private Route health = ex -> ex.json(200, java.util.Map.of("status", "up"));
        private final List<Dispatcher.Mount> routes = new ArrayList<>();
        private final List<Dispatcher.Guard> guards = new ArrayList<>();
        private List<String> allowedHosts;
        private String allowedHostsSetting;
        private String bindHint = "";

        private Builder(String name) {
            this.name = name;
        }

        /** The address to listen on: {@code localhost} (the default), a host name or address, or 0.0.0.0 for every interface. */
        public Builder host(String host) {
            this.host = host;
            return this;
        }

        /** 0 picks a free port. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        public Builder limits(HttpLimits limits) {
            this.limits = limits;
            return this;
        }

        /** Answers {@code /health}: outside the request pool, so it must be cheap and must not read a body. */
        public Builder health(Route health) {
            this.health = health;
            return this;
        }

        /** A route in the bounded request pool. */
        public Builder route(String prefix, Route route) {
            routes.add(new Dispatcher.Mount(prefix, route, null));
            return this;
        }

        /**
         * A long-lived response (Server-Sent Events) outside the request pool, so open pages do not take
         * the slots of short requests; at most {@code maxOpen} at once, more are answered 503.
         */
        public Builder stream(String prefix, int maxOpen, Route route) {
            routes.add(new Dispatcher.Mount(prefix, route, new Semaphore(maxOpen)));
            return this;
        }

        /** Requests under {@code prefix} with one of {@code methods} need {@code auth}; null leaves them open. */
        public Builder basicAuth(String prefix, Set<String> methods, BasicAuth auth) {
            if (auth != null) {
                guards.add(new Dispatcher.Guard(prefix, methods, auth, name));
            }
            return this;
        }

        /**
         * Answer only requests whose Host header is a loopback name or one of {@code names} (plus the bind
         * host); others get 403 naming {@code settingName}, where more names are configured.
         */
        public Builder allowHosts(List<String> names, String settingName) {
            this.allowedHosts = List.copyOf(names);
            this.allowedHostsSetting = settingName;
            return this;
        }

        /** Appended to the message when the port cannot be bound: which setting picks another. */
        public Builder bindHint(String hint) {
            this.bindHint = hint;
            return this;
        }

        public HttpService start() {
            requireLocalAddress();
            routes.sort(Comparator.comparing((Dispatcher.Mount m) -> m.prefix().length()).reversed());
            int streamThreads = routes.stream().filter(m -> m.streams() != null).mapToInt(m -> m.streams().availablePermits()).sum();
            QueuedThreadPool pool = new QueuedThreadPool(limits.maxRequests() + streamThreads + SPARE_THREADS, 2);
            pool.setName(name + "-http");
            pool.setDaemon(true);
            pool.setReservedThreads(0);
            Server server = new Server(pool);

            HttpConfiguration config = new HttpConfiguration();
            config.setRequestHeaderSize(limits.maxHeaderBytes());
            config.setSendServerVersion(false);
            config.setSendXPoweredBy(false);
            ServerConnector connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(config));
            connector.setHost(host);
            connector.setPort(port);
            connector.setIdleTimeout(limits.idleTimeout().toMillis());

            ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, r -> {
                Thread t = new Thread(r, name + "-http-timer");
                t.setDaemon(true);
                return t;
            });
            timer.setRemoveOnCancelPolicy(true);
            HeaderDeadline headerDeadline = new HeaderDeadline(limits.headerTimeout(), timer);
            connector.addBean(headerDeadline);
            server.addConnector(connector);
            server.addBean(new NetworkConnectionLimit(limits.maxConnections(), connector));

            List<String> hosts = allowedHosts == null ? null : new ArrayList<>(allowedHosts);
            if (hosts != null && !host.equals("0.0.0.0") && !host.equals("::")) {
                hosts.add(host);
            }
            Dispatcher dispatcher = new Dispatcher(routes, guards, limits, timer);
            QoSHandler pooled = new QoSHandler(dispatcher.pooled());
            pooled.setMaxRequestCount(limits.maxRequests());
            pooled.setMaxSuspend(limits.queueTimeout());
            server.setHandler(new Front(pooled, dispatcher, health, headerDeadline,
                hosts == null ? null : new HostAllowList(hosts), allowedHostsSetting));
            try {
                server.start();
            } catch (Exception e) {
                try {
                    server.stop();
                } catch (Exception ignored) {
                    // Already failing; the start failure is the one to report.
                }
                timer.shutdownNow();
                throw new UncheckedIOException(name + " cannot listen on " + host + ":" + port + " (" + e.getMessage() + ")"
                    + (bindHint.isEmpty() ? "" : "; " + bindHint), e instanceof IOException io ? io : new IOException(e));
            }
            return new HttpService(server, connector, timer, headerDeadline);
        }

        private void requireLocalAddress() {
            try {
                InetAddress.getByName(host);
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException(name + " cannot listen on host " + host + ": it is not an address of this"
                    + " machine; use localhost, 0.0.0.0 (every interface) or one of its host names (--host)");
            }
        }
    }

    /**
     * First stop of every request: marks the connection busy for the header deadline, answers
     * {@code /health} at once, refuses foreign Host headers, runs streams on their own permits, and
     * hands the rest to the bounded pool.
     */
    private static final class Front extends Handler.Wrapper {
        private final Dispatcher dispatcher;
        private final Route health;
        private final HeaderDeadline headerDeadline;
        private final HostAllowList hosts;
        private final String hostsSetting;

        Front(Handler pooled, Dispatcher dispatcher, Route health, HeaderDeadline headerDeadline, HostAllowList hosts, String hostsSetting) {
            super(pooled);
            this.dispatcher = dispatcher;
            this.health = health;
            this.headerDeadline = headerDeadline;
            this.hosts = hosts;
            this.hostsSetting = hostsSetting;
        }

        /** Health and streams run here and block, so Jetty must call this on a pool thread, never a selector. */
        @Override
        public InvocationType getInvocationType() {
            return InvocationType.BLOCKING;
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) throws Exception {
            org.eclipse.jetty.io.Connection connection = request.getConnectionMetaData().getConnection();
            headerDeadline.requestStarted(connection);
            Request.addCompletionListener(request, failure -> headerDeadline.requestEnded(connection));
            String path = request.getHttpURI().getPath();
            if ("/health".equals(path)) {
                return dispatcher.run(health, request, response, callback);
            }
            String host = request.getHeaders().get(HttpHeader.HOST);
            if (hosts != null && !hosts.allows(host)) {
                return dispatcher.refuse(request, response, callback, 403, "Host " + host + " is not a name of this server;"
                    + " if it should be, add it to " + hostsSetting);
            }
            Dispatcher.Mount stream = dispatcher.stream(path);
            if (stream != null) {
                return dispatcher.runStream(stream, request, response, callback);
            }
            return super.handle(request, response, callback);
        }
    }
}
