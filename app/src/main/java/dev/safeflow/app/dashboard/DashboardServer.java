package dev.safeflow.app.dashboard;

import com.sun.net.httpserver.HttpServer;
import dev.safeflow.schemas.config.PlatformConfig;
import dev.safeflow.schemas.config.Settings;
import dev.safeflow.schemas.registry.SchemaRegistryClient;
import dev.safeflow.schemas.topics.TopicCatalog;
import dev.safeflow.schemas.topics.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.KafkaException;

/**
 * A running dashboard: the feed reading the topics into the state, and the HTTP server showing it.
 * Started by {@code safeflow dashboard} and by the demo; {@link #close()} stops both.
 *
 * <pre>{@code try (DashboardServer dashboard = DashboardServer.start(bootstrap, registryUrl, catalog, 0)) {
 *     System.out.println("dashboard at " + dashboard.url());
 * }}</pre>
 */
public final class DashboardServer implements AutoCloseable {
    private final HttpServer http;
    private final ExecutorService handlers;
    private final DashboardFeed feed;
    private final DashboardState state;
    private final URI url;

    private DashboardServer(HttpServer http, ExecutorService handlers, DashboardFeed feed, DashboardState state, URI url) {
        this.http = http;
        this.handlers = handlers;
        this.feed = feed;
        this.state = state;
        this.url = url;
    }

    /** From configuration validated against {@link DashboardConfig#spec()}: platform keys plus the dashboard's. */
    public static DashboardServer start(Settings settings) {
        return start(PlatformConfig.clientProperties(settings), PlatformConfig.topics(settings),
            settings.get(DashboardConfig.HOST), settings.get(DashboardConfig.PORT),
            settings.get(DashboardConfig.MAX_POINTS), settings.get(DashboardConfig.MAX_RECORDS));
    }

    /** For the demo: the platform {@code settings} name (broker, registry, topics), on localhost; port 0 picks one. */
    public static DashboardServer start(Settings settings, int port) {
        return start(PlatformConfig.clientProperties(settings), PlatformConfig.topics(settings),
            DashboardConfig.HOST.defaultValue(), port, DashboardConfig.MAX_POINTS.defaultValue(),
            DashboardConfig.MAX_RECORDS.defaultValue());
    }

    /** For tests: the given broker, registry and topic names, on localhost; port 0 picks a free one. */
    public static DashboardServer start(String bootstrapServers, String registryUrl, TopicCatalog catalog, int port) {
        return start(Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers),
            new Topics(catalog, new SchemaRegistryClient(registryUrl, null)), DashboardConfig.HOST.defaultValue(), port,
            DashboardConfig.MAX_POINTS.defaultValue(), DashboardConfig.MAX_RECORDS.defaultValue());
    }

    static DashboardServer start(Map<String, Object> clientProperties, Topics topics, String host, int port,
                                 int maxPoints, int maxRecords) {
        DashboardState state = new DashboardState(maxPoints, maxRecords);
        DashboardFeed feed = feed(clientProperties, topics, state);
        InetSocketAddress address = new InetSocketAddress(host, port);
        if (address.isUnresolved()) {
            feed.close();
            throw new IllegalArgumentException("dashboard.host " + host + " is not an address of this machine;"
                + " use localhost, 0.0.0.0 (every interface) or one of its host names (--host)");
        }
        HttpServer http;
        try {
            http = HttpServer.create(address, 0);
        } catch (IOException e) {
            feed.close();
            throw new UncheckedIOException("the dashboard cannot listen on " + host + ":" + port + " (" + e.getMessage()
                + "); pick a free port with --port or dashboard.port (0 picks one)", e);
        }
        // One thread per open page is held by its event stream, so the pool grows with viewers rather than queueing them.
        ExecutorService handlers = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "safeflow-dashboard-http");
            t.setDaemon(true);
            return t;
        });
        new DashboardHttp(state).register(http);
        http.setExecutor(handlers);
        http.start();
        feed.start();
        String shownHost = host.equals("0.0.0.0") || host.equals("::") ? "localhost" : host;
        URI url = URI.create("http://" + shownHost + ":" + http.getAddress().getPort() + "/");
        return new DashboardServer(http, handlers, feed, state, url);
    }

    /** The Kafka client refuses bad settings (a malformed bootstrap address, an unknown SASL mechanism) in its constructor. */
    private static DashboardFeed feed(Map<String, Object> clientProperties, Topics topics, DashboardState state) {
        try {
            return new DashboardFeed(clientProperties, topics, state);
        } catch (KafkaException e) {
            Throwable cause = e;
            while (cause.getCause() != null) {
                cause = cause.getCause();
            }
            throw new IllegalArgumentException("the Kafka client settings are invalid (" + cause.getMessage()
                + "); fix kafka.bootstrap.servers (--bootstrap-servers) or the kafka.client.* keys", e);
        }
    }

    /** The page, e.g. {@code http://localhost:8088/}. */
    public URI url() {
        return url;
    }

    public int port() {
        return http.getAddress().getPort();
    }

    /** The live state, for callers (the demo) that want to wait until something arrived. */
    public DashboardState state() {
        return state;
    }

    @Override
    public void close() {
        feed.close();
        http.stop(0);
        // Interrupts the event streams, which otherwise wait up to the keep-alive interval.
        handlers.shutdownNow();
        try {
            handlers.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
