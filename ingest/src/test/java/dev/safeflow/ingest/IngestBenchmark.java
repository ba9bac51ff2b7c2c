package dev.safeflow.ingest;

import dev.safeflow.avro.FineTuneRecord;
import dev.safeflow.embedded.EmbeddedPlatform;
import dev.safeflow.embedded.junit.KafkaPlatform;
import dev.safeflow.embedded.junit.KafkaPlatformExtension;
import dev.safeflow.records.FieldNames;
import dev.safeflow.records.Parsed;
import dev.safeflow.records.Provenance;
import dev.safeflow.records.RecordParser;
import dev.safeflow.records.RecordShape;
import dev.safeflow.records.input.InputSource;
import dev.safeflow.records.input.RawRecord;
import dev.safeflow.records.input.RecordReader;
import dev.safeflow.schemas.topics.SafeflowTopic;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * File ingest throughput next to the raw producer rate of the same broker, in the same run. The raw
 * rate sends the very records ingest produced (already Avro-encoded, same keys, same producer
 * settings), so the ratio is the cost of reading, validating, mapping, encoding and checkpointing.
 * Prints figures; asserts nothing about time. Run: {@code mvn -Pslow ... -Dtest=IngestBenchmark}, or
 * its {@code main} (args: lines, default 200000) on a fresh embedded broker.
 */
@ExtendWith(KafkaPlatformExtension.class)
class IngestBenchmark {
    @TempDir
    Path dir;

    @Test
    @Tag("slow")
    void printsFileIngestRateNextToRawProducerRate(KafkaPlatform kafka) throws Exception {
        run(kafka, dir, 100_000);
    }

    public static void main(String[] args) throws Exception {
        int lines = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        Path dir = Files.createTempDirectory("safeflow-ingest-bench");
        try (EmbeddedPlatform platform = EmbeddedPlatform.start(dir.resolve("platform"), 0, 0)) {
            run(new KafkaPlatform() {
                public String bootstrapServers() {
                    return platform.bootstrapServers();
                }

                public String registryUrl() {
                    return platform.registryUrl();
                }

                public Optional<dev.safeflow.embedded.EmbeddedKafka> embeddedKafka() {
                    return Optional.of(platform.kafka());
                }

                public String kind() {
                    return "embedded KRaft";
                }
            }, dir, lines);
        }
    }

    static void run(KafkaPlatform kafka, Path dir, int lines) throws Exception {
        KafkaFixture fx = new KafkaFixture(kafka);
        Path file = MixedLines.write(dir.resolve("bench.jsonl"), lines);
        // Warm-up: JIT and registry cache, on a separate source so its checkpoint does not interfere.
        Path warm = MixedLines.write(dir.resolve("warm.jsonl"), 20_000);
        try (FileIngester ingester = fx.ingester(fx.options(dir.resolve("cp"), "warmup", RecordShape.AUTO, 100_000))) {
            ingester.ingest(warm.toString(), new ByteArrayInputStream(new byte[0]), FileIngester.Listener.NONE);
        }

        List<ProducerRecord<String, byte[]>> encoded = encode(fx, file);
        long bytes = Files.size(file);
        System.out.printf("ingest benchmark on %s, %d lines (%.1f MB JSONL), %d partitions, %d cores%n", kafka.kind(), lines,
            bytes / 1e6, fx.topics.catalog().spec(SafeflowTopic.FT_RAW).partitions(), Runtime.getRuntime().availableProcessors());
        // Alternating rounds, so a noisy neighbour on a shared machine hits both sides alike.
        for (int round = 1; round <= 3; round++) {
            FileIngester.Options options = new FileIngester.Options("bench-" + round, "", RecordShape.AUTO, FieldNames.standard(),
                100_000, 0, dir.resolve("cp"), 5_000, false);
            FileIngester.Result result;
            try (FileIngester ingester = fx.ingester(options)) {
                result = ingester.ingest(file.toString(), new ByteArrayInputStream(new byte[0]), FileIngester.Listener.NONE);
            }
            double ingestRate = result.counters().read() / result.seconds();
            double rawRate = rawProducerRate(fx, encoded, round);
            System.out.printf("  round %d: file ingest %,9.0f records/s (%,d read, %,d to ft.dlq) | raw producer %,9.0f records/s "
                + "(%,d pre-encoded) | ratio %.2f%n", round, ingestRate, result.counters().read(), result.counters().rejected(),
                rawRate, encoded.size(), ingestRate / rawRate);
        }
    }

    /** The same Avro values and keys, already encoded, through a producer with ingest's settings. */
    private static double rawProducerRate(KafkaFixture fx, List<ProducerRecord<String, byte[]>> encoded, int round) {
        String topic = fx.topics.catalog().prefix() + "bench.rawproducer." + round;
        Map<String, Object> props = new HashMap<>(IngestProducer.config(fx.client));
        long start = System.nanoTime();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            for (ProducerRecord<String, byte[]> r : encoded) {
                producer.send(new ProducerRecord<>(topic, r.key(), r.value()));
            }
            producer.flush();
        }
        return encoded.size() / ((System.nanoTime() - start) / 1e9);
    }

    /** The records ingest makes of the file, Avro-encoded ahead of time, for the raw producer run. */
    private static List<ProducerRecord<String, byte[]>> encode(KafkaFixture fx, Path file) throws Exception {
        RecordParser parser = new RecordParser(RecordShape.AUTO, FieldNames.standard(), 100_000, Clock.systemUTC());
        var serializer = fx.topics.raw().valueSerde().serializer();
        List<ProducerRecord<String, byte[]>> out = new ArrayList<>();
        Provenance where = new Provenance("bench", "", file.toString(), 0);
        try (RecordReader reader = InputSource.reader(file.toString(), new ByteArrayInputStream(new byte[0]), 100_000)) {
            for (RawRecord r; (r = reader.next()) != null; ) {
                if (parser.parse(r, where.atLine(r.line())) instanceof Parsed.Accepted a) {
                    FineTuneRecord record = a.record();
                    out.add(new ProducerRecord<>("", record.getId(), serializer.serialize(fx.topics.raw().name(), record)));
                }
            }
        }
        return out;
    }
}
