package dev.safeflow.auditor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.safeflow.avro.AuditedRecord;
import dev.safeflow.avro.Verdict;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The point lookups decide exactly what "a sighting within the window, either direction" means: checked against a
 * plain list of every new sighting per hash, over random streams with out-of-order times, replays at exactly the
 * window's distance and one millisecond past it, and times near zero.
 */
class DeduplicatorTest {
    @TempDir
    Path state;

    @Test
    void everyVerdictEqualsAScanOfEveryEarlierSighting() {
        Random random = new Random(7);
        for (long windowMs : new long[] {1, 7, 3_600_000}) {
            try (TopologyTestDriver driver = driver(Duration.ofMillis(windowMs))) {
                TestInputTopic<String, String> in = driver.createInputTopic("in", new StringSerializer(), new StringSerializer());
                TestOutputTopic<String, String> out = driver.createOutputTopic("out", new StringDeserializer(), new StringDeserializer());
                Map<String, List<Long>> sightings = new HashMap<>();
                long clock = windowMs * 3;
                int replays = 0;
                for (int i = 0; i < 800; i++) {
                    // Mostly forward, sometimes back by up to half a window; distances of exactly w and w + 1 come up often.
                    long step = switch (random.nextInt(6)) {
                        case 0 -> windowMs;
                        case 1 -> windowMs + 1;
                        case 2 -> -random.nextLong(windowMs / 2 + 1);
                        default -> random.nextLong(windowMs + 2);
                    };
                    clock = Math.max(0, clock + step);
                    String hash = "h" + random.nextInt(12);
                    long ts = clock;
                    List<Long> seen = sightings.computeIfAbsent(hash, h -> new ArrayList<>());
                    boolean expected = seen.stream().anyMatch(s -> Math.abs(ts - s) <= windowMs);
                    if (!expected) {
                        seen.add(ts);
                    }
                    replays += expected ? 1 : 0;
                    in.pipeInput(hash, "x", ts);
                    assertEquals(expected ? "replay" : "new", out.readValue(), "window " + windowMs + " ms, record " + i + ": " + hash
                        + " at " + ts + ", earlier sightings " + seen);
                }
                assertTrue(replays > 40 && replays < 760, "window " + windowMs + ": " + replays + " replays of 800 decide little");
            }
        }
    }

    @Test
    void aWindowUnderOneMillisecondIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Deduplicator(Duration.ofNanos(10)));
    }

    private TopologyTestDriver driver(Duration window) {
        StreamsBuilder builder = new StreamsBuilder();
        builder.addStateStore(Deduplicator.store(window));
        builder.stream("in", Consumed.with(Serdes.String(), Serdes.String()))
            .mapValues(v -> new AuditedRecord(Records.benign("r", "team-a"), Verdict.QUARANTINED, new HashMap<>(), new ArrayList<>(),
                new ArrayList<>(), "", Instant.EPOCH))
            .processValues(() -> new Deduplicator(window), Deduplicator.STORE)
            .mapValues(v -> v.getReasons().contains(Reasons.DUPLICATE) ? "replay" : "new")
            .to("out", Produced.with(Serdes.String(), Serdes.String()));
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "dedup-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, state.resolve("s" + window.toMillis()).toString());
        return new TopologyTestDriver(builder.build(), props);
    }
}
