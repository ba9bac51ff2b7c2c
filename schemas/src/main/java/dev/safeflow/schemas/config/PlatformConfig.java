package dev.safeflow.schemas.config;

import dev.safeflow.schemas.control.ControlSigner;
import dev.safeflow.schemas.registry.SchemaRegistryClient;
import dev.safeflow.schemas.topics.TopicCatalog;
import dev.safeflow.schemas.topics.Topics;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;

/** Keys every service shares: where Kafka and the registry are, and how topics are named and sized. */
public final class PlatformConfig {
    public static final ConfigKey<String> BOOTSTRAP_SERVERS = ConfigKey.of("kafka.bootstrap.servers", ConfigKey.Type.STRING,
        "localhost:9092", "Kafka brokers to connect to, host:port[,host:port]")
        .validatedBy(s -> !s.isBlank(), "not empty");
    public static final ConfigKey<String> REGISTRY_URL = ConfigKey.of("registry.url", ConfigKey.Type.STRING,
        "http://localhost:8081", "Schema registry with the Confluent REST API (Confluent, Apicurio ccompat, Karapace, Redpanda, embedded)")
        .validatedBy(s -> s.startsWith("http://") || s.startsWith("https://"), "an http:// or https:// URL");
    public static final ConfigKey<String> REGISTRY_BASIC_AUTH = ConfigKey.of("registry.basic-auth", ConfigKey.Type.STRING,
        "", "user:password for the registry's HTTP basic auth; empty for none");
    public static final ConfigKey<String> TOPIC_PREFIX = ConfigKey.of("topics.prefix", ConfigKey.Type.STRING,
        TopicCatalog.DEFAULT_PREFIX, "Prefix of every safeflow topic name, so several installations can share a cluster");
    public static final ConfigKey<Integer> TOPIC_PARTITIONS = ConfigKey.of("topics.partitions", ConfigKey.Type.INT,
        3, "Partitions of the record-stream topics (ft.*, audit.stats); the auditor scales out to this many instances")
        .validatedBy(n -> n >= 1, "at least 1");
    public static final ConfigKey<Integer> TOPIC_REPLICATION = ConfigKey.of("topics.replication-factor", ConfigKey.Type.INT,
        1, "Replicas of every topic: 1 on a local broker, 3 on a production cluster")
        .validatedBy(n -> n >= 1 && n <= Short.MAX_VALUE, "at least 1");
    /** Keys under this prefix go unchanged to every Kafka client: SASL, SSL, client.id, timeouts. */
    public static final String KAFKA_CLIENT_PREFIX = "kafka.client.";

    public static final List<ConfigKey<?>> KEYS = List.of(BOOTSTRAP_SERVERS, REGISTRY_URL, REGISTRY_BASIC_AUTH,
        TOPIC_PREFIX, TOPIC_PARTITIONS, TOPIC_REPLICATION, ControlSigner.SIGNING_KEY_FILE, ControlSigner.ACTOR);

    private PlatformConfig() {
    }

    /** The spec of the platform keys alone; commands add their own. */
    public static ConfigSpec spec() {
        return new ConfigSpec().add(KEYS).passThrough(KAFKA_CLIENT_PREFIX);
    }

    public static TopicCatalog catalog(Settings settings) {
        return new TopicCatalog(settings.get(TOPIC_PREFIX), settings.get(TOPIC_PARTITIONS),
            settings.get(TOPIC_REPLICATION).shortValue());
    }

    public static SchemaRegistryClient registry(Settings settings) {
        return new SchemaRegistryClient(settings.get(REGISTRY_URL), settings.get(REGISTRY_BASIC_AUTH));
    }

    public static Topics topics(Settings settings) {
        return new Topics(catalog(settings), registry(settings));
    }

    /** Properties every Kafka client (producer, consumer, admin, streams) starts from. */
    public static Map<String, Object> clientProperties(Settings settings) {
        Map<String, Object> props = new HashMap<>(settings.withPrefix(KAFKA_CLIENT_PREFIX));
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, settings.get(BOOTSTRAP_SERVERS));
        return props;
    }
}
