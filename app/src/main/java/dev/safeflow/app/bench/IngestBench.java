package dev.safeflow.app.bench;

import dev.safeflow.avro.FineTuneRecord;
import dev.safeflow.embedded.EmbeddedPlatform;
import dev.safeflow.ingest.FileIngester;
import dev.safeflow.ingest.IngestProducer;
import dev.safeflow.records.FieldNames;
import dev.safeflow.records.Parsed;
import dev.safeflow.records.Provenance;
import dev.safeflow.records.RecordParser;
import dev.safeflow.records.RecordShape;
import dev.safeflow.records.input.InputSource;
import dev.safeflow.records.input.RawRecord;
import dev.safeflow.records.input.RecordReader;
import dev.safeflow.schemas.registry.SchemaRegistryClient;
import dev.safeflow.schemas.topics.TopicAdmin;
import dev.safeflow.schemas.topics.TopicCatalog;
import dev.safeflow.schemas.topics.Topics;
import java.io.BufferedWriter;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * {@code safeflow bench ingest}: file ingest next to the raw producer rate of the same broker, in the same run. The
 * raw side sends the very records ingest makes of the file, Avro-encoded ahead of time, with the same keys and
 * ingest's producer settings, so the ratio is the cost of reading, parsing, mapping, encoding and checkpointing.
 * Rounds alternate the two sides so that a noisy neighbour hits both alike; each side's best round is the figure.
 * The broker runs in this process, so the CPU time per record includes the broker's share on both sides.
 */
public final class IngestBench {
    /** The goal the project holds file ingest to, as a share of the raw producer rate. */
    public static final double GOAL = 0.70;
    public static final String PATH = "file ingest vs raw producer";
    /** The generated input, in the work directory. */
    public static final String INPUT_FILE = "bench.jsonl";
    private static final String UNIT = "records/s";
    private static final int PARTITIONS = 3;
    private static final int MAX_RECORD_BYTES = 100_000;
    private static final InputStream NO_STDIN = new ByteArrayInputStream(new byte[0]);

    /**
     * @param records lines in the benchmark file (about 3% of them bad, which go to ft.dlq)
     * @param rounds alternating ingest/raw-producer rounds
     * @param warmupRecords lines ingested first, untimed, for the JIT and the registry cache
     * @param warmupRounds at most this many untimed ingest/raw-producer rounds on the benchmark file after that, ended
     *     early by the first round in which the JIT compilers worked for under {@link #SETTLED} of the round's time
     * @param checkpointEvery ingest's {@code ingest.checkpoint-every}
     * @param workDir broker data, checkpoints and the generated files
     */
    public record Options(int records, int rounds, int warmupRecords, int warmupRounds, int checkpointEvery, Path workDir) {
        public static final int DEFAULT_CHECKPOINT_EVERY = 5_000;
        public static final int RECORDS = 100_000;
        public static final int ROUNDS = 3;
        /**
         * On two cores the JIT keeps compiling the broker's, the producer's and the parser's paths for several hundred
         * thousand records (C2 takes ~20 ms a method there, and about a thousand methods get hot), which the small
         * raw-producer path hardly needs: a short warm-up measured ingest half-compiled. Each round prints the JIT's share.
         */
        public static final int WARMUP = 300_000;
        /**
         * Untimed rounds after the warm-up lines, until the JIT settles. After 300,000 lines it still compiled for 0.5 to
         * 1.2 s in each 0.7 s ingest round (3 Dec 2026), so the three timed rounds compared a half-compiled ingest with a
         * compiled producer; it settled within five or six rounds (JIT 0.1-0.2 s a round).
         */
        public static final int WARMUP_ROUNDS = 8;
        /** The JIT's share of a warm-up round (compile milliseconds over the round's wall time, both sides) that ends the warm-up. */
        public static final double SETTLED = 0.15;

        /** The defaults of {@code bench ingest}: 100,000 lines, three rounds, 300,000 lines and up to 8 rounds of warm-up. */
        public static Options defaults(Path workDir) {
            return new Options(RECORDS, ROUNDS, WARMUP, WARMUP_ROUNDS, DEFAULT_CHECKPOINT_EVERY, workDir);
        }

        /** Its {@code --quick}: 5,000 lines, one round, 1,000 lines of warm-up and no warm-up rounds. */
        public static Options quick(Path workDir) {
            return new Options(5_000, 1, 1_000, 0, DEFAULT_CHECKPOINT_EVERY, workDir);
        }

        public Options {
            if (records < 1 || rounds < 1 || warmupRecords < 0 || warmupRounds < 0 || checkpointEvery < 1) {
                throw new IllegalArgumentException("records, rounds and checkpoint-every must be at least 1 and the warm-up at "
                    + "least 0 (got records " + records + ", rounds " + rounds + ", warm-up " + warmupRecords + " lines and "
                    + warmupRounds + " rounds, checkpoint-every " + checkpointEvery + ")");
            }
        }
    }

    /**
     * One side of one round: records per second, process CPU microseconds per record, and the milliseconds the JIT
     * compilers spent meanwhile (their CPU is part of the process's, and competes with both sides for the cores).
     */
    private record Rate(double perSecond, double cpuMicrosPerRecord, long jitMillis, double seconds) {
    }

    private IngestBench() {
    }

    /** Runs the benchmark on a fresh embedded platform in {@code options.workDir()}; prints progress and figures. */
    public static List<DataPlaneRatio> run(Options options, PrintStream out) throws IOException, InterruptedException {
        Path work = options.workDir().toAbsolutePath();
        Files.createDirectories(work);
        out.println("starting the embedded broker and schema registry in " + work + " ...");
        try (EmbeddedPlatform platform = EmbeddedPlatform.start(work.resolve("platform"), 0, 0)) {
            TopicCatalog catalog = new TopicCatalog("bench.", PARTITIONS, (short) 1);
            Topics topics = new Topics(catalog, new SchemaRegistryClient(platform.registryUrl(), null));
            Map<String, Object> client = Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, platform.bootstrapServers());
            try (Admin admin = Admin.create(client)) {
                TopicAdmin.createAll(admin, catalog);
            }
            Path file = writeLines(work.resolve(INPUT_FILE), options.records());
            if (options.warmupRecords() > 0) {
                out.printf("warm-up: ingesting %,d lines (untimed) ...%n", options.warmupRecords());
                ingest(client, topics, options, "warmup", writeLines(work.resolve("warmup.jsonl"), options.warmupRecords()));
            }
            List<ProducerRecord<String, byte[]>> encoded = encode(topics, file);
            out.printf("ingest benchmark on embedded KRaft: %,d lines (%.1f MB JSONL), %d partitions, %d cores, "
                    + "checkpoint every %,d, load average %.2f%n", options.records(), Files.size(file) / 1e6, PARTITIONS,
                Runtime.getRuntime().availableProcessors(), options.checkpointEvery(), loadAverage());
            for (int round = 1; round <= options.warmupRounds(); round++) {
                Rate ingest = ingest(client, topics, options, "warmup-" + round, file);
                Rate raw = rawProducer(client, catalog.prefix() + "bench.rawproducer.warmup." + round, encoded);
                double jitShare = (ingest.jitMillis() + raw.jitMillis()) / 1e3 / (ingest.seconds() + raw.seconds());
                out.printf("  warm-up %d/%d (untimed): %s | ratio %.2f | JIT %.0f%% of the round%n", round,
                    options.warmupRounds(), sides(ingest, raw, encoded.size()), ingest.perSecond() / raw.perSecond(), 100 * jitShare);
                if (jitShare < Options.SETTLED) {
                    out.printf("  the JIT has settled (under %.0f%% of a round); timed rounds follow%n", 100 * Options.SETTLED);
                    break;
                }
                if (round == options.warmupRounds()) {
                    out.printf("  the JIT still compiles after %d warm-up rounds: the timed rounds include its work%n", round);
                }
            }
            Rate bestIngest = new Rate(0, Double.NaN, 0, 0);
            Rate bestRaw = new Rate(0, Double.NaN, 0, 0);
            for (int round = 1; round <= options.rounds(); round++) {
                Rate ingest = ingest(client, topics, options, "bench-" + round, file);
                Rate raw = rawProducer(client, catalog.prefix() + "bench.rawproducer." + round, encoded);
                out.printf("  round %d/%d: %s | ratio %.2f%n", round, options.rounds(), sides(ingest, raw, encoded.size()),
                    ingest.perSecond() / raw.perSecond());
                bestIngest = ingest.perSecond() > bestIngest.perSecond() ? ingest : bestIngest;
                bestRaw = raw.perSecond() > bestRaw.perSecond() ? raw : bestRaw;
            }
            DataPlaneRatio ratio = new DataPlaneRatio(PATH, bestIngest.perSecond(), bestRaw.perSecond(), UNIT, GOAL);
            out.println(ratio.line());
            return List.of(ratio);
        }
    }

    private static String sides(Rate ingest, Rate raw, int encoded) {
        return String.format("file ingest %,9.0f records/s (%.1f us CPU/record, JIT %,d ms) | raw producer %,9.0f records/s "
                + "(%.1f us CPU/record, JIT %,d ms, %,d pre-encoded)", ingest.perSecond(), ingest.cpuMicrosPerRecord(),
            ingest.jitMillis(), raw.perSecond(), raw.cpuMicrosPerRecord(), raw.jitMillis(), encoded);
    }

    private static Rate ingest(Map<String, Object> client, Topics topics, Options options, String source, Path file)
            throws InterruptedException {
        FileIngester.Options ingest = new FileIngester.Options(source, "", RecordShape.AUTO, FieldNames.standard(),
            MAX_RECORD_BYTES, 0, options.workDir().resolve("checkpoints"), options.checkpointEvery(), false);
        try (FileIngester ingester = new FileIngester(client, topics, ingest)) {
            long cpu = processCpuNanos();
            long jit = jitMillis();
            FileIngester.Result result = ingester.ingest(file.toString(), NO_STDIN, FileIngester.Listener.NONE);
            long read = result.counters().read();
            return new Rate(read / result.seconds(), (processCpuNanos() - cpu) / 1e3 / read, jitMillis() - jit, result.seconds());
        }
    }

    /** The same Avro values and keys, already encoded, through a producer with ingest's settings. */
    private static Rate rawProducer(Map<String, Object> client, String topic, List<ProducerRecord<String, byte[]>> encoded) {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(IngestProducer.config(client), new StringSerializer(),
                new ByteArraySerializer())) {
            long cpu = processCpuNanos();
            long jit = jitMillis();
            long start = System.nanoTime();
            for (ProducerRecord<String, byte[]> r : encoded) {
                producer.send(new ProducerRecord<>(topic, r.key(), r.value()));
            }
            producer.flush();
            double seconds = (System.nanoTime() - start) / 1e9;
            return new Rate(encoded.size() / seconds, (processCpuNanos() - cpu) / 1e3 / encoded.size(), jitMillis() - jit, seconds);
        }
    }

    /** The records ingest makes of the file, Avro-encoded ahead of time, for the raw producer side. */
    private static List<ProducerRecord<String, byte[]>> encode(Topics topics, Path file) throws IOException {
        RecordParser parser = new RecordParser(RecordShape.AUTO, FieldNames.standard(), MAX_RECORD_BYTES, Clock.systemUTC());
        var serializer = topics.raw().valueSerde().serializer();
        List<ProducerRecord<String, byte[]>> out = new ArrayList<>();
        Provenance where = new Provenance("bench", "", file.toString(), 0);
        try (RecordReader reader = InputSource.reader(file.toString(), NO_STDIN, MAX_RECORD_BYTES)) {
            for (RawRecord r; (r = reader.next()) != null; ) {
                if (parser.parse(r, where.atLine(r.line())) instanceof Parsed.Accepted a) {
                    FineTuneRecord record = a.record();
                    out.add(new ProducerRecord<>("", record.getId(), serializer.serialize(topics.raw().name(), record)));
                }
            }
        }
        return out;
    }

    /**
     * A JSONL file of every shape ingest detects (instruction, chat messages, ShareGPT conversations, prompt/completion,
     * plain text), with a bad line at three strides: broken JSON, an unknown shape, an empty answer.
     */
    static Path writeLines(Path file, int lines) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int i = 1; i <= lines; i++) {
                out.write(line(i));
                out.write('\n');
            }
        }
        return file;
    }

    private static String line(int i) {
        if (i % 97 == 0) {
            return "{\"text\": broken " + i;
        }
        if (i % 89 == 0) {
            return "{\"question\":\"unknown shape " + i + "\"}";
        }
        if (i % 83 == 0) {
            return "{\"instruction\":\"empty output " + i + "\",\"output\":\"\"}";
        }
        String q = "Question number " + i + ": what is " + i + " plus " + (i * 7 % 13) + "?";
        String a = Integer.toString(i + i * 7 % 13);
        return switch (i % 5) {
            case 0 -> "{\"id\":\"r-" + i + "\",\"instruction\":\"" + q + "\",\"input\":\"\",\"output\":\"The answer is " + a + ".\"}";
            case 1 -> "{\"id\":\"r-" + i + "\",\"messages\":[{\"role\":\"system\",\"content\":\"Be exact.\"},{\"role\":\"user\","
                + "\"content\":\"" + q + "\"},{\"role\":\"assistant\",\"content\":\"It is " + a + ".\"}]}";
            case 2 -> "{\"conversations\":[{\"from\":\"human\",\"value\":\"" + q + "\"},{\"from\":\"gpt\",\"value\":\"" + a + "\"}]}";
            case 3 -> "{\"prompt\":\"" + q + "\",\"completion\":\"" + a + "\"}";
            default -> "{\"text\":\"Line " + i + " of plain pretraining-style text about arithmetic.\"}";
        };
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** Milliseconds the JIT compilers have spent so far, or 0 where the JVM does not say. */
    private static long jitMillis() {
        var jit = ManagementFactory.getCompilationMXBean();
        return jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : 0;
    }

    private static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }
}
