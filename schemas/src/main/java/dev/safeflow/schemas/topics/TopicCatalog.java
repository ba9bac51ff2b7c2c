package dev.safeflow.schemas.topics;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** The topics of one safeflow installation, named with its prefix and sized by its configuration. */
public final class TopicCatalog {
    public static final String DEFAULT_PREFIX = "safeflow.";

    private final String prefix;
    private final Map<SafeflowTopic, TopicSpec> specs = new EnumMap<>(SafeflowTopic.class);

    /**
     * @param prefix            prepended to every topic name, e.g. {@code safeflow.} or {@code team-a.safeflow.}
     * @param dataPartitions    partitions of the record-stream topics; the auditor scales out to this many instances
     * @param replicationFactor replicas of every topic; 1 on a single local broker, 3 on a production cluster
     */
    public TopicCatalog(String prefix, int dataPartitions, short replicationFactor) {
        if (dataPartitions < 1) {
            throw new IllegalArgumentException("topics.partitions is " + dataPartitions + ": it must be at least 1");
        }
        if (replicationFactor < 1) {
            throw new IllegalArgumentException("topics.replication-factor is " + replicationFactor + ": it must be at least 1");
        }
        this.prefix = prefix == null ? "" : prefix;
        for (SafeflowTopic topic : SafeflowTopic.values()) {
            int partitions = topic.kind() == SafeflowTopic.Kind.DATA ? dataPartitions : 1;
            Map<String, String> configs = topic.compacted()
                ? Map.of("cleanup.policy", "compact")
                : Map.of("cleanup.policy", "delete");
            specs.put(topic, new TopicSpec(topic, this.prefix + topic.suffix(), partitions, replicationFactor, configs));
        }
    }

    /** The catalog with default prefix, 3 data partitions and replication 1. */
    public static TopicCatalog defaults() {
        return new TopicCatalog(DEFAULT_PREFIX, 3, (short) 1);
    }

    public String prefix() {
        return prefix;
    }

    public String name(SafeflowTopic topic) {
        return specs.get(topic).name();
    }

    public TopicSpec spec(SafeflowTopic topic) {
        return specs.get(topic);
    }

    public List<TopicSpec> all() {
        return new ArrayList<>(specs.values());
    }
}
