package dev.safeflow.ingest;

import dev.safeflow.schemas.topics.DeadLetterHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads the tail of a topic (from a checkpoint's offsets to the current end) and collects the lines
 * of one file that a crashed run wrote after its last checkpoint, so the resumed run skips them.
 * Only headers are read; values stay undecoded.
 */
final class ResumeWindow implements AutoCloseable {
    private final KafkaConsumer<byte[], byte[]> consumer;

    ResumeWindow(Map<String, Object> clientProperties) {
        Map<String, Object> props = new HashMap<>(clientProperties);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        props.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "safeflow-ingest-resume");
        consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** The offset after the last record of each partition, now. */
    Map<Integer, Long> endOffsets(String topic) {
        List<TopicPartition> partitions = partitions(topic);
        consumer.assign(partitions); // endOffsets of unassigned partitions makes the client log warnings
        Map<Integer, Long> out = new HashMap<>();
        consumer.endOffsets(partitions, Duration.ofSeconds(30)).forEach((tp, o) -> out.put(tp.partition(), o));
        return out;
    }

    /** Lines of {@code input} for {@code source} present in {@code topic} at or after {@code from}. */
    Set<Long> linesWritten(String topic, Map<Integer, Long> from, String input, String source) {
        List<TopicPartition> partitions = partitions(topic);
        consumer.assign(partitions);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
        Map<TopicPartition, Long> remaining = new HashMap<>();
        for (TopicPartition tp : partitions) {
            long start = from.getOrDefault(tp.partition(), 0L);
            if (start < end.get(tp)) {
                consumer.seek(tp, start);
                remaining.put(tp, end.get(tp));
            }
        }
        consumer.pause(partitions.stream().filter(tp -> !remaining.containsKey(tp)).toList());
        Set<Long> lines = new HashSet<>();
        while (!remaining.isEmpty()) {
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                if (input.equals(header(r, DeadLetterHeaders.FILE)) && source.equals(header(r, DeadLetterHeaders.SOURCE))) {
                    lines.add(Long.parseLong(header(r, DeadLetterHeaders.LINE)));
                }
                if (r.offset() + 1 >= remaining.getOrDefault(tp, Long.MAX_VALUE)) {
                    remaining.remove(tp);
                    consumer.pause(List.of(tp));
                }
            }
            // Offsets past the last record (transaction markers, compaction) end a partition too.
            remaining.keySet().removeIf(tp -> consumer.position(tp) >= remaining.get(tp));
        }
        return lines;
    }

    private List<TopicPartition> partitions(String topic) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
        return infos.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
    }

    private static String header(ConsumerRecord<?, ?> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
