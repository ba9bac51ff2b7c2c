package dev.safeflow.app.dashboard;

import dev.safeflow.http.HttpKeys;
import dev.safeflow.schemas.config.ConfigKey;
import dev.safeflow.schemas.config.ConfigSpec;
import dev.safeflow.schemas.config.PlatformConfig;
import java.util.ArrayList;
import java.util.List;

/** The dashboard's configuration keys, declared once; the platform keys say where Kafka and the registry are. */
public final class DashboardConfig {
    public static final ConfigKey<Integer> PORT = ConfigKey.of("dashboard.port", ConfigKey.Type.INT,
        8088, "HTTP port of the dashboard page; 0 picks a free one")
        .validatedBy(p -> p >= 0 && p <= 65535, "between 0 and 65535");
    /** Host (loopback by default: the page shows training data, so exposing it is a deliberate choice), limits, timeouts. */
    public static final HttpKeys HTTP = HttpKeys.of("dashboard", "dashboard");
    public static final ConfigKey<String> HOST = HTTP.host();
    /**
     * A page elsewhere can point its own domain at this server (DNS rebinding) and read {@code /api/state};
     * the Host header it sends then names that domain, so only these names and loopback are answered.
     */
    public static final ConfigKey<List<String>> ALLOWED_HOSTS = ConfigKey.of("dashboard.allowed-hosts", ConfigKey.Type.LIST,
        List.of(), "Host names the dashboard answers to besides localhost, 127.0.0.1 and its dashboard.host: the names"
            + " people type to reach it (e.g. dashboard.example.org); any other Host header gets 403");
    /** Enough for a day of one-minute windows per source, small enough that a snapshot stays well under a megabyte. */
    public static final ConfigKey<Integer> MAX_POINTS = ConfigKey.of("dashboard.max-points", ConfigKey.Type.INT,
        500, "Points kept per chart series (quarantine-rate windows per source, checkpoints per run); older ones are dropped")
        .validatedBy(n -> n >= 2, "at least 2");
    public static final ConfigKey<Integer> MAX_RECORDS = ConfigKey.of("dashboard.max-records", ConfigKey.Type.INT,
        50, "Recent quarantined records, gate decisions and alerts kept for the tables")
        .validatedBy(n -> n >= 1, "at least 1");

    public static final List<ConfigKey<?>> KEYS = keys();

    private DashboardConfig() {
    }

    private static List<ConfigKey<?>> keys() {
        List<ConfigKey<?>> keys = new ArrayList<>(List.of(PORT, ALLOWED_HOSTS, MAX_POINTS, MAX_RECORDS));
        keys.addAll(HTTP.all());
        return List.copyOf(keys);
    }

    /** The keys {@code safeflow dashboard} accepts: the platform's and the dashboard's own. */
    public static ConfigSpec spec() {
        return PlatformConfig.spec().add(KEYS);
    }
}
