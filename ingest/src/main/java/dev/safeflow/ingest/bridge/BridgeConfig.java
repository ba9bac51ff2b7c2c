package dev.safeflow.ingest.bridge;

import dev.safeflow.schemas.config.ConfigKey;
import dev.safeflow.schemas.config.ConfigKey.Type;
import java.time.Duration;
import java.util.List;

/** Configuration keys of {@code ingest topic}, declared once. */
public final class BridgeConfig {
    public static final ConfigKey<String> APPLICATION_ID = ConfigKey.of("ingest.bridge.application-id", Type.STRING, "",
        "Kafka Streams application id (and consumer group) of a bridge; empty means safeflow-bridge-<source>-<topic>, "
            + "so each bridge resumes from its own committed offsets");
    public static final ConfigKey<String> STATE_DIR = ConfigKey.of("ingest.bridge.state-dir", Type.STRING, "data/bridge-state",
        "Kafka Streams state directory of bridges (they keep no state, but Streams locks a directory per application)");
    public static final ConfigKey<Duration> COMMIT_INTERVAL = ConfigKey.of("ingest.bridge.commit-interval", Type.DURATION,
        Duration.ofMillis(500), "How often a bridge commits its transaction: records reach ft.raw's read_committed "
            + "readers this often").validatedBy(d -> !d.isNegative() && !d.isZero(), "more than 0");

    public static final List<ConfigKey<?>> KEYS = List.of(APPLICATION_ID, STATE_DIR, COMMIT_INTERVAL);

    private BridgeConfig() {
    }

    /** The application id a bridge runs under: configured, or derived from the source and the topic it reads. */
    public static String applicationId(String configured, String source, String topic) {
        return configured.isBlank() ? "safeflow-bridge-" + source + "-" + topic : configured;
    }
}
