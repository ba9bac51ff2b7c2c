package dev.safeflow.auditor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.safeflow.embedded.junit.KafkaPlatform;
import dev.safeflow.embedded.junit.KafkaPlatformExtension;
import dev.safeflow.schemas.topics.DeadLetterHeaders;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A processor that throws on one record: the record goes to the dead-letter topic on the real broker, the next is processed. */
@ExtendWith(KafkaPlatformExtension.class)
class DeadLetterHandlerIT {

    @Test
    void recordThatBreaksAProcessorIsDeadLetteredAndProcessingContinues(KafkaPlatform kafka) throws Exception {
        String dlq = "dlq-" + UUID.randomUUID();
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream("in", Consumed.with(Serdes.String(), Serdes.String()))
            .mapValues(v -> {
                if (v.equals("boom")) {
                    throw new IllegalStateException("a bug in a processor");
                }
                return v.toUpperCase();
            }, Named.as("buggy"))
            .to("out", Produced.with(Serdes.String(), Serdes.String()));
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "dlq-test-" + UUID.randomUUID());
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("dlq-test").toString());
        p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class);
        p.put(DeadLetterHandler.TOPIC_CONFIG, dlq);

        try (TopologyTestDriver driver = new TopologyTestDriver(builder.build(), p)) {
            var in = driver.createInputTopic("in", Serdes.String().serializer(), Serdes.String().serializer());
            var out = driver.createOutputTopic("out", Serdes.String().deserializer(), Serdes.String().deserializer());
            in.pipeInput("k1", "boom");
            in.pipeInput("k2", "fine");
            assertEquals(List.of("FINE"), out.readValuesToList());
        }

        List<ConsumerRecord<byte[], byte[]>> dead = read(kafka, dlq);
        assertEquals(1, dead.size());
        ConsumerRecord<byte[], byte[]> r = dead.get(0);
        assertEquals("k1", new String(r.key(), StandardCharsets.UTF_8));
        assertEquals("boom", new String(r.value(), StandardCharsets.UTF_8));
        assertEquals("processing-error", header(r, DeadLetterHeaders.REASON));
        assertEquals("auditor:buggy", header(r, DeadLetterHeaders.STAGE));
        assertTrue(header(r, DeadLetterHeaders.DETAIL).contains("a bug in a processor"));
    }

    private static List<ConsumerRecord<byte[], byte[]>> read(KafkaPlatform kafka, String topic) {
        Map<String, Object> props = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
            ConsumerConfig.GROUP_ID_CONFIG, "reader-" + UUID.randomUUID(), ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            for (int i = 0; i < 40 && out.isEmpty(); i++) {
                consumer.poll(Duration.ofMillis(250)).forEach(out::add);
            }
            consumer.poll(Duration.ofMillis(500)).forEach(out::add);
        }
        return out;
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        return new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
