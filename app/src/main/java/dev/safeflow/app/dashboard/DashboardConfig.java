package dev.safeflow.app.dashboard;

import dev.safeflow.schemas.config.ConfigKey;
import dev.safeflow.schemas.config.ConfigSpec;
import dev.safeflow.schemas.config.PlatformConfig;
import java.util.List;

/** The dashboard's configuration keys, declared once; the platform keys say where Kafka and the registry are. */
public final class DashboardConfig {
    public static final ConfigKey<Integer> PORT = ConfigKey.of("dashboard.port", ConfigKey.Type.INT,
        8088, "HTTP port of the dashboard page; 0 picks a free one")
        .validatedBy(p -> p >= 0 && p <= 65535, "between 0 and 65535");
    /** Loopback by default: the page shows training data, so exposing it is a deliberate choice (0.0.0.0 in a container). */
    public static final ConfigKey<String> HOST = ConfigKey.of("dashboard.host", ConfigKey.Type.STRING,
        "localhost", "Address the dashboard listens on: localhost for this machine only, 0.0.0.0 for every interface")
        .validatedBy(s -> !s.isBlank(), "not empty");
    /** Enough for a day of one-minute windows per source, small enough that a snapshot stays well under a megabyte. */
    public static final ConfigKey<Integer> MAX_POINTS = ConfigKey.of("dashboard.max-points", ConfigKey.Type.INT,
        500, "Points kept per chart series (quarantine-rate windows per source, checkpoints per run); older ones are dropped")
        .validatedBy(n -> n >= 2, "at least 2");
    public static final ConfigKey<Integer> MAX_RECORDS = ConfigKey.of("dashboard.max-records", ConfigKey.Type.INT,
        50, "Recent quarantined records, gate decisions and alerts kept for the tables")
        .validatedBy(n -> n >= 1, "at least 1");

    public static final List<ConfigKey<?>> KEYS = List.of(PORT, HOST, MAX_POINTS, MAX_RECORDS);

    private DashboardConfig() {
    }

    /** The keys {@code safeflow dashboard} accepts: the platform's and the dashboard's own. */
    public static ConfigSpec spec() {
        return PlatformConfig.spec().add(KEYS);
    }
}
