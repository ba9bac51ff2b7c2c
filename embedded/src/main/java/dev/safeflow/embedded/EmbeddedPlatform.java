package dev.safeflow.embedded;

import dev.safeflow.embedded.registry.EmbeddedSchemaRegistry;
import dev.safeflow.http.BasicAuth;
import java.nio.file.Path;

/**
 * The local platform: an in-process KRaft broker and a schema registry on top of it. What
 * {@code safeflow local up} and {@code safeflow demo} run, and what tests get without Docker.
 */
public final class EmbeddedPlatform implements AutoCloseable {
    private final EmbeddedKafka kafka;
    private EmbeddedSchemaRegistry registry;

    private EmbeddedPlatform(EmbeddedKafka kafka) {
        this.kafka = kafka;
    }

    /**
     * Starts broker and registry. Ports of 0 pick free ones; data in {@code dataDir} survives restarts.
     */
    public static EmbeddedPlatform start(Path dataDir, int kafkaPort, int registryPort) {
        return start(dataDir, kafkaPort, registryPort, null);
    }

    /** As {@link #start(Path, int, int)}, with the registry's writes behind {@code registryWriteAuth} (null: open). */
    public static EmbeddedPlatform start(Path dataDir, int kafkaPort, int registryPort, BasicAuth registryWriteAuth) {
        EmbeddedPlatform platform = new EmbeddedPlatform(new EmbeddedKafka(dataDir.resolve("kafka"), kafkaPort));
        platform.kafka.start();
        try {
            platform.registry = EmbeddedSchemaRegistry.start(platform.kafka.bootstrapServers(), registryPort,
                EmbeddedSchemaRegistry.DEFAULT_TOPIC, registryWriteAuth);
        } catch (RuntimeException e) {
            platform.kafka.stop();
            throw e;
        }
        return platform;
    }

    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    public String registryUrl() {
        return registry.url();
    }

    public EmbeddedKafka kafka() {
        return kafka;
    }

    /** Stops and starts the broker on the same port and data directory; the registry keeps serving from memory. */
    public void restartBroker() {
        kafka.stop();
        kafka.start();
    }

    @Override
    public void close() {
        if (registry != null) {
            registry.close();
        }
        kafka.stop();
    }
}
