package dev.safeflow.app.demo;

import dev.safeflow.avro.FineTuneRecord;
import dev.safeflow.schemas.topics.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/** Reads ft.raw from the beginning to its current end: the baseline's training data, with the auditor bypassed. */
final class RawReader implements AutoCloseable {
    private final KafkaConsumer<String, FineTuneRecord> consumer;
    private final Topics topics;

    RawReader(Map<String, Object> clientProperties, Topics topics) {
        Map<String, Object> props = new HashMap<>(clientProperties);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        this.topics = topics;
        this.consumer = new KafkaConsumer<>(props, topics.raw().keySerde().deserializer(), topics.raw().valueSerde().deserializer());
    }

    List<FineTuneRecord> readAll() {
        List<TopicPartition> parts = consumer.partitionsFor(topics.raw().name()).stream()
            .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(parts);
        consumer.seekToBeginning(parts);
        Map<TopicPartition, Long> end = consumer.endOffsets(parts);
        List<FineTuneRecord> records = new ArrayList<>();
        while (parts.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
            consumer.poll(Duration.ofMillis(500)).forEach(r -> records.add(r.value()));
        }
        return records;
    }

    @Override
    public void close() {
        consumer.close();
    }
}
