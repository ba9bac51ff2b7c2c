package dev.safeflow.schemas.topics;

import java.util.Map;

/** A topic as it should exist on the cluster: name, partitions, replication and topic configs. */
public record TopicSpec(SafeflowTopic topic, String name, int partitions, short replicationFactor, Map<String, String> configs) {
    public TopicSpec {
        configs = Map.copyOf(configs);
    }
}
