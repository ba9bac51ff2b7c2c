package dev.safeflow.embedded.junit;

import dev.safeflow.embedded.EmbeddedKafka;
import dev.safeflow.embedded.EmbeddedPlatform;
import dev.safeflow.embedded.registry.EmbeddedSchemaRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;

/**
 * Hands tests a running {@link KafkaPlatform}, started once per JVM and shared by every test class:
 * Apache Kafka in Testcontainers when a Docker engine answers, otherwise the embedded KRaft broker;
 * either way with safeflow's schema registry on top. Set {@code -Dsafeflow.test.platform=embedded}
 * to force the embedded broker even where Docker runs.
 *
 * <pre>{@code @ExtendWith(KafkaPlatformExtension.class)
 * class IngestIT { @Test void x(KafkaPlatform kafka) { ... } }}</pre>
 */
public final class KafkaPlatformExtension implements ParameterResolver {
    public static final String KAFKA_IMAGE = "apache/kafka:4.1.2";
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(KafkaPlatformExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == KafkaPlatform.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
            .getOrComputeIfAbsent("platform", key -> startPlatform(), SharedPlatform.class);
    }

    /** Whether a Docker engine answers; Testcontainers-only tests are skipped when it does not. */
    public static boolean dockerAvailable() {
        // Without a socket or DOCKER_HOST there is nothing to ask; asking anyway makes Testcontainers log an ERROR.
        if (System.getenv("DOCKER_HOST") == null && !Files.exists(Path.of("/var/run/docker.sock"))) {
            return false;
        }
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    private static SharedPlatform startPlatform() {
        boolean forceEmbedded = "embedded".equals(System.getProperty("safeflow.test.platform"));
        if (!forceEmbedded && dockerAvailable()) {
            KafkaContainer container = new KafkaContainer(KAFKA_IMAGE);
            container.start();
            EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.start(container.getBootstrapServers(), 0,
                EmbeddedSchemaRegistry.DEFAULT_TOPIC);
            return new SharedPlatform(container.getBootstrapServers(), registry.url(), null, "Testcontainers " + KAFKA_IMAGE, () -> {
                registry.close();
                container.stop();
            });
        }
        Path dir;
        try {
            dir = Files.createTempDirectory("safeflow-test-kafka");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        EmbeddedPlatform platform = EmbeddedPlatform.start(dir, 0, 0);
        return new SharedPlatform(platform.bootstrapServers(), platform.registryUrl(), platform.kafka(), "embedded KRaft", platform::close);
    }

    /** Closed by JUnit when the root context closes, i.e. once, after the last test of the JVM. */
    private record SharedPlatform(String bootstrapServers, String registryUrl, EmbeddedKafka broker, String kind, Runnable stop)
        implements KafkaPlatform, AutoCloseable {
        @Override
        public Optional<EmbeddedKafka> embeddedKafka() {
            return Optional.ofNullable(broker);
        }

        @Override
        public void close() {
            stop.run();
        }
    }
}
