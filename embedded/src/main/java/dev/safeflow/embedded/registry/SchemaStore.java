package dev.safeflow.embedded.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.safeflow.schemas.topics.TopicAdmin;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.avro.Schema;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The registry's state, made durable in a compacted single-partition Kafka topic as Confluent's
 * registry does: every registration and config change is written to the topic first and applied in
 * memory after the broker acknowledged it; on start the whole topic is replayed. One writer only.
 */
final class SchemaStore implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String topic;
    private final KafkaProducer<String, String> producer;
    private final Map<Integer, Schema> schemaById = new HashMap<>();
    private final Map<String, Integer> idByCanonical = new HashMap<>();
    private final Map<String, List<Version>> versionsBySubject = new TreeMap<>();
    private final Map<String, CompatibilityLevel> subjectLevels = new HashMap<>();
    private CompatibilityLevel globalLevel = CompatibilityLevel.BACKWARD;

    /** One registered version of a subject. */
    record Version(String subject, int version, int id, Schema schema) {
    }

    SchemaStore(Map<String, Object> clientProps, String topic) {
        this.topic = topic;
        createTopic(clientProps, topic);
        Properties producerProps = new Properties();
        producerProps.putAll(clientProps);
        producerProps.put("acks", "all");
        producerProps.put("enable.idempotence", "true");
        this.producer = new KafkaProducer<>(producerProps, new StringSerializer(), new StringSerializer());
        replay(clientProps);
    }

    synchronized Version register(String subject, Schema schema) {
        String canonical = schema.toString();
        for (Version v : versionsBySubject.getOrDefault(subject, List.of())) {
            if (v.schema().toString().equals(canonical)) {
                return v;
            }
        }
        List<Schema> previous = versionsBySubject.getOrDefault(subject, List.of()).stream().map(Version::schema).toList();
        List<String> problems = level(subject).check(schema, previous);
        if (!problems.isEmpty()) {
            throw RegistryError.incompatible(String.join("; ", problems));
        }
        int id = idByCanonical.getOrDefault(canonical, schemaById.size() + 1);
        int version = previous.size() + 1;
        ObjectNode value = JSON.createObjectNode().put("subject", subject).put("version", version).put("id", id)
            .put("schema", canonical);
        write("SCHEMA/" + subject + "/" + version, value);
        return applySchema(value);
    }

    synchronized List<String> check(String subject, Schema schema) {
        List<Schema> previous = versionsBySubject.getOrDefault(subject, List.of()).stream().map(Version::schema).toList();
        return level(subject).check(schema, previous);
    }

    synchronized Schema byId(int id) {
        Schema schema = schemaById.get(id);
        if (schema == null) {
            throw RegistryError.schemaNotFound();
        }
        return schema;
    }

    synchronized List<String> subjects() {
        return new ArrayList<>(versionsBySubject.keySet());
    }

    synchronized List<Version> versions(String subject) {
        List<Version> versions = versionsBySubject.get(subject);
        if (versions == null) {
            throw RegistryError.subjectNotFound(subject);
        }
        return List.copyOf(versions);
    }

    synchronized Version find(String subject, Schema schema) {
        String canonical = schema.toString();
        return versions(subject).stream().filter(v -> v.schema().toString().equals(canonical)).findFirst()
            .orElseThrow(RegistryError::schemaNotFound);
    }

    synchronized CompatibilityLevel globalLevel() {
        return globalLevel;
    }

    synchronized CompatibilityLevel subjectLevel(String subject) {
        CompatibilityLevel level = subjectLevels.get(subject);
        if (level == null) {
            throw RegistryError.subjectConfigNotFound(subject);
        }
        return level;
    }

    synchronized CompatibilityLevel level(String subject) {
        return subjectLevels.getOrDefault(subject, globalLevel);
    }

    synchronized void setLevel(String subject, CompatibilityLevel level) {
        ObjectNode value = JSON.createObjectNode().put("compatibility", level.name());
        if (subject != null) {
            value.put("subject", subject);
        }
        write(subject == null ? "CONFIG" : "CONFIG/" + subject, value);
        applyConfig(value);
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }

    private void write(String key, JsonNode value) {
        try {
            producer.send(new ProducerRecord<>(topic, key, value.toString())).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new RegistryError(500, 50001, "Error while storing in Kafka topic " + topic + ": " + e.getMessage());
        }
    }

    private Version applySchema(JsonNode value) {
        Schema schema = new Schema.Parser().parse(value.path("schema").asText());
        Version v = new Version(value.path("subject").asText(), value.path("version").asInt(), value.path("id").asInt(), schema);
        schemaById.putIfAbsent(v.id(), schema);
        idByCanonical.putIfAbsent(schema.toString(), v.id());
        List<Version> versions = versionsBySubject.computeIfAbsent(v.subject(), s -> new ArrayList<>());
        if (versions.stream().noneMatch(x -> x.version() == v.version())) {
            versions.add(v);
            versions.sort((a, b) -> Integer.compare(a.version(), b.version()));
        }
        return v;
    }

    private void applyConfig(JsonNode value) {
        CompatibilityLevel level = CompatibilityLevel.parse(value.path("compatibility").asText());
        if (value.hasNonNull("subject")) {
            subjectLevels.put(value.path("subject").asText(), level);
        } else {
            globalLevel = level;
        }
    }

    private void replay(Map<String, Object> clientProps) {
        Properties props = new Properties();
        props.putAll(clientProps);
        props.put("enable.auto.commit", "false");
        TopicPartition partition = new TopicPartition(topic, 0);
        Map<String, JsonNode> latest = new LinkedHashMap<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            consumer.assign(Collections.singletonList(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition), Duration.ofSeconds(30)).get(partition);
            while (consumer.position(partition, Duration.ofSeconds(30)) < end) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    latest.put(record.key(), parse(record.value()));
                }
            }
        }
        latest.forEach((key, value) -> {
            if (key.startsWith("SCHEMA/")) {
                applySchema(value);
            } else if (key.startsWith("CONFIG")) {
                applyConfig(value);
            }
        });
    }

    private static JsonNode parse(String value) {
        try {
            return JSON.readTree(value);
        } catch (Exception e) {
            throw new IllegalStateException("corrupt schema-registry record: " + value, e);
        }
    }

    private static void createTopic(Map<String, Object> clientProps, String topic) {
        try (Admin admin = Admin.create(clientProps)) {
            try {
                admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1).configs(Map.of("cleanup.policy", "compact"))))
                    .all().get(60, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new IllegalStateException("cannot create the registry's topic " + topic + ": " + e.getCause().getMessage(), e);
                }
            }
            TopicAdmin.awaitWritable(admin, List.of(topic));
        } catch (IllegalStateException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("cannot create the registry's topic " + topic + ": " + e.getMessage()
                + "; check that Kafka is reachable", e);
        }
    }
}
