package dev.safeflow.embedded.junit;

import dev.safeflow.embedded.EmbeddedKafka;
import java.util.Optional;

/** A running Kafka cluster with a schema registry, as tests see it. */
public interface KafkaPlatform {
    String bootstrapServers();

    String registryUrl();

    /** The in-process broker when the platform is embedded (for restart drills); empty on Testcontainers. */
    Optional<EmbeddedKafka> embeddedKafka();

    /** Short description for test logs: "embedded KRaft" or "Testcontainers apache/kafka". */
    String kind();
}
