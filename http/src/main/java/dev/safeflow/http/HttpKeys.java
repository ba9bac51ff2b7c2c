package dev.safeflow.http;

import dev.safeflow.schemas.config.ConfigKey;
import dev.safeflow.schemas.config.ConfigKey.Type;
import dev.safeflow.schemas.config.Settings;
import java.time.Duration;
import java.util.List;

/**
 * The configuration keys of one server's HTTP layer, declared once here for every server under its
 * own prefix ({@code auditor.http.host}, {@code auditor.http.max-requests}, ...), so each service
 * documents and validates the same controls the same way. The body size limit is the service's own.
 */
public final class HttpKeys {
    private final ConfigKey<String> host;
    private final ConfigKey<Integer> maxRequests;
    private final ConfigKey<Integer> maxConnections;
    private final ConfigKey<Duration> headerTimeout;
    private final ConfigKey<Duration> bodyTimeout;
    private final ConfigKey<Duration> idleTimeout;

    private HttpKeys(String prefix, String service) {
        HttpLimits d = HttpLimits.defaults();
        host = ConfigKey.of(prefix + ".host", Type.STRING, "localhost", "Address the " + service
            + " HTTP server listens on: localhost (this machine only, the default), a host name or address, or 0.0.0.0 for every interface")
            .validatedBy(s -> !s.isBlank(), "not empty");
        maxRequests = ConfigKey.of(prefix + ".max-requests", Type.INT, d.maxRequests(), "Requests the " + service
            + " handles at once; more wait (holding no thread) up to 30 s, then get 503. /health is answered outside this bound")
            .validatedBy(n -> n >= 1 && n <= 1024, "between 1 and 1024");
        maxConnections = ConfigKey.of(prefix + ".max-connections", Type.INT, d.maxConnections(), "Open connections the "
            + service + " accepts; past it, new ones wait in the accept queue until one closes")
            .validatedBy(n -> n >= 2, "at least 2");
        headerTimeout = ConfigKey.of(prefix + ".header-timeout", Type.DURATION, d.headerTimeout(), "A connection that has not"
            + " sent complete request headers this long after it opened (or after its last response) is closed")
            .validatedBy(HttpKeys::positive, "positive");
        bodyTimeout = ConfigKey.of(prefix + ".body-timeout", Type.DURATION, d.bodyTimeout(), "A request body still arriving"
            + " this long after the server started reading it is cut off (the connection is closed)")
            .validatedBy(HttpKeys::positive, "positive");
        idleTimeout = ConfigKey.of(prefix + ".idle-timeout", Type.DURATION, d.idleTimeout(), "A connection on which no byte"
            + " moves this long is closed")
            .validatedBy(HttpKeys::positive, "positive");
    }

    /** Keys named {@code prefix + ".host"} and so on; {@code service} names the server in their docs ("auditor"). */
    public static HttpKeys of(String prefix, String service) {
        return new HttpKeys(prefix, service);
    }

    public ConfigKey<String> host() {
        return host;
    }

    public ConfigKey<Integer> maxRequests() {
        return maxRequests;
    }

    public ConfigKey<Integer> maxConnections() {
        return maxConnections;
    }

    public ConfigKey<Duration> headerTimeout() {
        return headerTimeout;
    }

    public ConfigKey<Duration> bodyTimeout() {
        return bodyTimeout;
    }

    public ConfigKey<Duration> idleTimeout() {
        return idleTimeout;
    }

    /** Every key, for the service's key list and {@code --help}. */
    public List<ConfigKey<?>> all() {
        return List.of(host, maxRequests, maxConnections, headerTimeout, bodyTimeout, idleTimeout);
    }

    /** The limits these keys set in {@code settings}, the body size left at {@code maxBodyBytes}. */
    public HttpLimits limits(Settings settings, long maxBodyBytes) {
        return HttpLimits.defaults()
            .withMaxRequests(settings.get(maxRequests))
            .withMaxConnections(settings.get(maxConnections))
            .withHeaderTimeout(settings.get(headerTimeout))
            .withBodyTimeout(settings.get(bodyTimeout))
            .withIdleTimeout(settings.get(idleTimeout))
            .withMaxBodyBytes(maxBodyBytes);
    }

    private static boolean positive(Duration d) {
        return !d.isNegative() && !d.isZero();
    }
}
