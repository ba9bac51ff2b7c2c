package dev.safeflow.app.dashboard;

import dev.safeflow.http.HttpLimits;
import dev.safeflow.http.HttpService;
import dev.safeflow.schemas.config.PlatformConfig;
import dev.safeflow.schemas.config.Settings;
import dev.safeflow.schemas.registry.SchemaRegistryClient;
import dev.safeflow.schemas.topics.TopicCatalog;
import dev.safeflow.schemas.topics.Topics;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
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
    private final HttpService http;
    private final DashboardHttp routes;
    private final DashboardFeed feed;
    private final DashboardState state;
    private final URI url;

    private DashboardServer(HttpService http, DashboardHttp routes, DashboardFeed feed, DashboardState state, URI url) {
        this.http = http;
        this.routes = routes;
        this.feed = feed;
        this.state = state;
        this.url = url;
    }

    /** From configuration validated against {@link DashboardConfig#spec()}: platform keys plus the dashboard's. */
    public static DashboardServer start(Settings settings) {
        return start(PlatformConfig.clientProperties(settings), PlatformConfig.topics(settings),
            settings.get(DashboardConfig.HOST), settings.get(DashboardConfig.PORT), settings.get(DashboardConfig.ALLOWED_HOSTS),
            DashboardConfig.HTTP.limits(settings, 0), settings.get(DashboardConfig.MAX_POINTS),
            settings.get(DashboardConfig.MAX_RECORDS));
    }

    /** For the demo: the platform {@code settings} name (broker, registry, topics), on localhost; port 0 picks one. */
    public static DashboardServer start(Settings settings, int port) {
        return start(PlatformConfig.clientProperties(settings), PlatformConfig.topics(settings),
            DashboardConfig.HOST.defaultValue(), port, List.of(), HttpLimits.defaults().withMaxBodyBytes(0),
            DashboardConfig.MAX_POINTS.defaultValue(), DashboardConfig.MAX_RECORDS.defaultValue());
    }

    /** For tests: the given broker, registry and topic names, on localhost; port 0 picks a free one. */
    public static DashboardServer start(String bootstrapServers, String registryUrl, TopicCatalog catalog, int port) {
        return start(Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers),
            new Topics(catalog, new SchemaRegistryClient(registryUrl, null)), DashboardConfig.HOST.defaultValue(), port,
            List.of(), HttpLimits.defaults().withMaxBodyBytes(0), DashboardConfig.MAX_POINTS.defaultValue(),
            DashboardConfig.MAX_RECORDS.defaultValue());
    }

    static DashboardServer start(Map<String, Object> clientProperties, Topics topics, String host, int port,
                                 List<String> allowedHosts, HttpLimits limits, int maxPoints, int maxRecords) {
        if (new InetSocketAddress(host, port).isUnresolved()) {
            throw new IllegalArgumentException(DashboardConfig.HOST.name() + " " + host + " is not an address of this machine;"
                + " use localhost, 0.0.0.0 (every interface) or one of its host names (--host)");
        }
        DashboardState state = new DashboardState(maxPoints, maxRecords);
        DashboardFeed feed = feed(clientProperties, topics, state);
        DashboardHttp routes = new DashboardHttp(state);
        HttpService http;
        try {
            http = routes.register(HttpService.builder("dashboard").host(host).port(port).limits(limits)
                    .allowHosts(allowedHosts, DashboardConfig.ALLOWED_HOSTS.name())
                    .bindHint("pick a free port with --port or dashboard.port (0 picks one)"))
                .start();
        } catch (RuntimeException e) {
            feed.close();
            throw e;
        }
        feed.start();
        return new DashboardServer(http, routes, feed, state, URI.create(http.url() + "/"));
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
        return http.port();
    }

    /** The live state, for callers (the demo) that want to wait until something arrived. */
    public DashboardState state() {
        return state;
    }

    @Override
    public void close() {
        feed.close();
        // An open page's event stream waits up to the keep-alive interval; end them rather than wait.
        routes.closeStreams();
        http.close();
    }
}
