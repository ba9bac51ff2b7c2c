package dev.safeflow.schemas.topics;

import org.apache.kafka.common.serialization.Serde;

/** A topic with the serdes of its keys and values, so producers, consumers and topologies agree on them. */
public record Topic<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde) {
}
