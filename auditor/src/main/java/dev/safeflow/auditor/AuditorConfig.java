package dev.safeflow.auditor;

import dev.safeflow.auditor.screen.EmbeddingScreener;
import dev.safeflow.auditor.screen.ScreenerRegistry;
import dev.safeflow.auditor.screen.TextScreener;
import dev.safeflow.http.HttpKeys;
import dev.safeflow.schemas.config.ConfigKey;
import dev.safeflow.schemas.config.ConfigKey.Type;
import dev.safeflow.schemas.config.ConfigSpec;
import dev.safeflow.schemas.config.PlatformConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Every key the auditor reads, declared once; {@code safeflow auditor --help} prints them from here. */
public final class AuditorConfig {
    public static final ConfigKey<String> APPLICATION_ID = ConfigKey.of("auditor.application-id", Type.STRING,
        "safeflow-auditor", "Kafka Streams application.id: instances with the same id share the work and the state")
        .validatedBy(s -> s.matches("[A-Za-z0-9._-]+"), "letters, digits, '.', '_' and '-' only");
    public static final ConfigKey<String> STATE_DIR = ConfigKey.of("auditor.state-dir", Type.STRING,
        "data/auditor", "Directory of the local state stores (dedup window, statistics); not under /tmp, which the OS may clear");
    public static final ConfigKey<Integer> THREADS = ConfigKey.of("auditor.threads", Type.INT,
        1, "Stream threads of this instance; more than the partitions of ft.raw idle")
        .validatedBy(n -> n >= 1, "at least 1");
    public static final ConfigKey<Duration> COMMIT_INTERVAL = ConfigKey.of("auditor.commit-interval", Type.DURATION,
        Duration.ofMillis(200), "How often a transaction commits: the latency of ft.clean under exactly_once_v2")
        .validatedBy(d -> d.toMillis() >= 10, "at least 10ms");

    public static final ConfigKey<Integer> MAX_TURN_CHARS = ConfigKey.of("auditor.validate.max-chars", Type.INT,
        32_000, "Largest total text of a record in characters; longer records are quarantined as invalid:too-long")
        .validatedBy(n -> n >= 1, "at least 1");
    public static final ConfigKey<Duration> DEDUP_WINDOW = ConfigKey.of("auditor.dedup.window", Type.DURATION,
        Duration.ofHours(24), "A record whose content was seen within this window before is a replay: dropped and counted")
        .validatedBy(d -> d.toMillis() >= 1, "positive");

    public static final ConfigKey<List<String>> SCREENERS = ConfigKey.of("auditor.screeners", Type.LIST,
        List.of(TextScreener.NAME, EmbeddingScreener.NAME), "Screeners in cascade order (" + String.join(", ", ScreenerRegistry.names())
            + "); each settles what it is sure of and passes the rest on")
        .validatedBy(l -> !l.isEmpty() && ScreenerRegistry.names().containsAll(l), "one or more of " + String.join(", ", ScreenerRegistry.names()));
    public static final ConfigKey<Integer> BATCH_SIZE = ConfigKey.of("auditor.screen.batch-size", Type.INT,
        32, "Records screened together (one encoder or model batch); 1 screens each record as it arrives")
        .validatedBy(n -> n >= 1 && n <= 4096, "between 1 and 4096");
    public static final ConfigKey<Duration> BATCH_MAX_WAIT = ConfigKey.of("auditor.screen.max-wait", Type.DURATION,
        Duration.ofMillis(100), "Longest a record waits for its batch to fill before it is screened anyway")
        .validatedBy(d -> d.toMillis() >= 1, "at least 1ms");

    public static final ConfigKey<Duration> STATS_WINDOW = ConfigKey.of("auditor.stats.window", Type.DURATION,
        Duration.ofMinutes(5), "Tumbling window of the per-source statistics in audit.stats")
        .validatedBy(d -> d.toMillis() >= 1, "positive");
    public static final ConfigKey<Duration> STATS_GRACE = ConfigKey.of("auditor.stats.grace", Type.DURATION,
        Duration.ofSeconds(30), "How late a record may arrive and still count in its window; a window is published after it")
        .validatedBy(d -> !d.isNegative(), "zero or more");
    public static final ConfigKey<Duration> STATS_RETENTION = ConfigKey.of("auditor.stats.retention", Type.DURATION,
        Duration.ofDays(7), "How long windows stay queryable over HTTP")
        .validatedBy(d -> d.toMillis() >= 1, "positive");
    public static final ConfigKey<Double> ALERT_RATE = ConfigKey.of("auditor.alert.quarantine-rate", Type.DOUBLE,
        0.2, "Quarantine rate of a source's window above which an Alert is raised and the window counts as bad")
        .validatedBy(d -> d >= 0 && d <= 1, "between 0 and 1");
    public static final ConfigKey<Long> ALERT_MIN_RECORDS = ConfigKey.of("auditor.alert.min-records", Type.LONG,
        10L, "Windows with fewer records never alert nor count as bad: one bad record of two is noise")
        .validatedBy(n -> n >= 1, "at least 1");
    public static final ConfigKey<Integer> BLOCK_AFTER = ConfigKey.of("auditor.block.after-bad-windows", Type.INT,
        3, "Consecutive bad windows after which a source is blocked automatically; 0 never blocks")
        .validatedBy(n -> n >= 0, "zero or more");

    public static final ConfigKey<Integer> HTTP_PORT = ConfigKey.of("auditor.http.port", Type.INT,
        8090, "Port of the HTTP endpoint (statistics, blocked sources, reasons, /metrics); -1 disables it")
        .validatedBy(n -> n >= -1 && n <= 65535, "a port, 0 for any free one, or -1");
    /** Host, request and connection bounds, timeouts of the HTTP endpoint: {@code auditor.http.host} and the rest. */
    public static final HttpKeys HTTP = HttpKeys.of("auditor.http", "auditor");

    public static final List<ConfigKey<?>> KEYS = keys();

    /** Kafka Streams keys go through unchecked under this prefix, e.g. {@code auditor.streams.num.standby.replicas}. */
    public static final String STREAMS_PREFIX = "auditor.streams.";

    private AuditorConfig() {
    }

    private static List<ConfigKey<?>> keys() {
        List<ConfigKey<?>> keys = new ArrayList<>(List.of(APPLICATION_ID, STATE_DIR, THREADS, COMMIT_INTERVAL,
            MAX_TURN_CHARS, DEDUP_WINDOW, SCREENERS, BATCH_SIZE, BATCH_MAX_WAIT, STATS_WINDOW, STATS_GRACE, STATS_RETENTION,
            ALERT_RATE, ALERT_MIN_RECORDS, BLOCK_AFTER, HTTP_PORT));
        keys.addAll(HTTP.all());
        keys.addAll(ScreenerRegistry.keys());
        return List.copyOf(keys);
    }

    /** The platform keys plus the auditor's: what {@code safeflow auditor} accepts. */
    public static ConfigSpec spec() {
        return PlatformConfig.spec().add(KEYS).passThrough(STREAMS_PREFIX);
    }
}
