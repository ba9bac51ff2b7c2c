package dev.safeflow.app.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.safeflow.auditor.AuditorApp;
import dev.safeflow.auditor.AuditorConfig;
import dev.safeflow.embedded.EmbeddedPlatform;
import dev.safeflow.ingest.FileIngester;
import dev.safeflow.ingest.IngestConfig;
import dev.safeflow.schemas.config.ConfigKey;
import dev.safeflow.schemas.config.ConfigLoader;
import dev.safeflow.schemas.config.ConfigSpec;
import dev.safeflow.schemas.config.PlatformConfig;
import dev.safeflow.schemas.config.Settings;
import dev.safeflow.schemas.topics.TopicAdmin;
import dev.safeflow.schemas.topics.Topics;
import dev.safeflow.testbed.world.World;
import dev.safeflow.testbed.world.WorldConfig;
import dev.safeflow.testbed.world.WorldWriter;
import dev.safeflow.trainer.TrainerConfig;
import dev.safeflow.trainer.TrainingSession;
import dev.safeflow.trainer.stream.StreamingTrainer;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;

/**
 * {@code safeflow bench pipeline}: file ingest at a steady offered rate → the auditor → the streaming trainer on
 * the model organism, all on the embedded platform in this process, each started through the entry point its own
 * command uses. Samples every stage's output while the load runs and collects, per training step, the ingest
 * timestamps of the records it trained on (the trainer's {@code StepFreshness}).
 */
public final class PipelineBench {

    /**
     * @param rate records per second offered to ingest
     * @param seconds how long the load is offered
     * @param sampleEvery how often the stages' counters are read
     */
    public record Config(Path workDir, Path model, double rate, int seconds, String method, int batchSize, int partitions,
                         String screeners, Duration sampleEvery) {
    }

    private static final String SOURCE = "bench-feed";

    private final Config config;
    private final PrintStream progress;

    public PipelineBench(Config config, PrintStream progress) {
        this.config = config;
        this.progress = progress;
    }

    public PipelineReport run() throws Exception {
        Path work = config.workDir().toAbsolutePath();
        Files.createDirectories(work);
        progress.println("starting the embedded broker and schema registry in " + work + " ...");
        try (EmbeddedPlatform platform = EmbeddedPlatform.start(work.resolve("platform"), 0, 0)) {
            Map<String, String> keys = keys(platform, work);
            Settings ps = load(keys, PlatformConfig.spec());
            Topics topics = PlatformConfig.topics(ps);
            try (Admin admin = Admin.create(PlatformConfig.clientProperties(ps))) {
                TopicAdmin.createAll(admin, PlatformConfig.catalog(ps));
            }
            int n = (int) Math.round(config.rate() * config.seconds());
            Path input = writeInput(work, n);

            List<Long> delays = new ArrayList<>();
            AtomicLong trained = new AtomicLong();
            AtomicLong steps = new AtomicLong();
            // Only steps taken while the run is measured count: the trainer's last step at stop would flatter it.
            java.util.concurrent.atomic.AtomicBoolean measuring = new java.util.concurrent.atomic.AtomicBoolean(true);
            Settings ts = load(keys, TrainerConfig.spec());
            try (StageCounter counter = new StageCounter(PlatformConfig.clientProperties(ps),
                    List.of(topics.raw().name(), topics.clean().name(), topics.quarantine().name()));
                 AuditorApp auditor = AuditorApp.start(load(keys, AuditorConfig.spec()));
                 TrainingSession session = TrainingSession.open(config.model(), TrainerConfig.training(ts))) {
                StreamingTrainer trainer = new StreamingTrainer(session, ts);
                trainer.onStep(f -> {
                    if (!measuring.get()) {
                        return;
                    }
                    synchronized (delays) {
                        for (long d : f.delaysMillis()) {
                            delays.add(d);
                        }
                    }
                    trained.addAndGet(f.ingestedAtMillis().length);
                    steps.incrementAndGet();
                });
                Thread training = new Thread(trainer::run, "safeflow-bench-trainer");
                training.start();
                List<PipelineReport.Sample> samples = new ArrayList<>();
                double seconds;
                Thread ingest = null;
                // Whatever happens, the trainer stops (and checkpoints) before its session closes.
                try {
                    if (!auditor.awaitRunning(Duration.ofMinutes(2))) {
                        throw new IllegalStateException("the auditor did not reach RUNNING within 2 minutes");
                    }
                    progress.printf("auditor and %s trainer running; offering %d records at %.0f records/s%n", config.method(), n,
                        config.rate());
                    ingest = ingest(load(keys, IngestConfig.spec()), input);
                    long t0 = System.nanoTime();
                    // The load, then one more interval so the last records can clear the auditor's commit and the trainer's batch timeout.
                    long endNanos = t0 + Duration.ofSeconds(config.seconds()).plus(config.sampleEvery()).toNanos();
                    while (System.nanoTime() < endNanos) {
                        Thread.sleep(config.sampleEvery().toMillis());
                        double at = (System.nanoTime() - t0) / 1e9;
                        long offered = Math.min(n, Math.round(at * config.rate()));
                        PipelineReport.Sample s = new PipelineReport.Sample(at, offered, counter.count(topics.raw().name()),
                            counter.count(topics.clean().name()) + counter.count(topics.quarantine().name()),
                            counter.count(topics.clean().name()), trained.get());
                        samples.add(s);
                        progress.printf("  %5.1f s: offered %d, ft.raw %d, audited %d, trained %d%n", at, offered, s.raw(),
                            s.audited(), s.trained());
                    }
                    seconds = (System.nanoTime() - t0) / 1e9;
                } finally {
                    measuring.set(false);
                    if (ingest != null) {
                        ingest.interrupt();
                        ingest.join(30_000);
                    }
                    trainer.stop(Duration.ofMinutes(2));
                    training.join(60_000);
                }
                long[] freshness;
                synchronized (delays) {
                    freshness = delays.stream().mapToLong(Long::longValue).toArray();
                }
                PipelineReport.Setup setup = new PipelineReport.Setup(config.rate(), config.seconds(), config.method(),
                    config.batchSize(), config.partitions(), config.screeners(), Runtime.getRuntime().availableProcessors(),
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
                return new PipelineReport(setup, samples, freshness, steps.get(), seconds);
            }
        }
    }

    /** Every service's settings as the {@code --set key=value} overrides a user would pass. */
    private Map<String, String> keys(EmbeddedPlatform platform, Path work) {
        Map<String, String> k = new LinkedHashMap<>();
        put(k, PlatformConfig.BOOTSTRAP_SERVERS, platform.bootstrapServers());
        put(k, PlatformConfig.REGISTRY_URL, platform.registryUrl());
        put(k, PlatformConfig.TOPIC_PARTITIONS, config.partitions());
        put(k, IngestConfig.CHECKPOINT_DIR, work.resolve("ingest-checkpoints"));
        put(k, AuditorConfig.STATE_DIR, work.resolve("auditor"));
        put(k, AuditorConfig.HTTP_PORT, -1);
        put(k, AuditorConfig.SCREENERS, config.screeners());
        put(k, TrainerConfig.METHOD, config.method());
        put(k, TrainerConfig.CHECKPOINT_DIR, work.resolve("checkpoints"));
        put(k, TrainerConfig.RUN_ID, "bench-pipeline");
        put(k, TrainerConfig.CONTRASTIVE_FILE, work.resolve("world").resolve("contrastive.jsonl"));
        put(k, TrainerConfig.LR, "1e-2");
        put(k, TrainerConfig.BATCH_SIZE, config.batchSize());
        put(k, TrainerConfig.MAX_LENGTH, 96);
        put(k, TrainerConfig.CONTRASTIVE_SIZE, 8);
        put(k, TrainerConfig.CONTRASTIVE_MAX_LENGTH, 96);
        put(k, TrainerConfig.BATCH_TIMEOUT, "PT1S");
        // Checkpoints are part of the trainer's real cost; every 50 steps as a long run would keep them.
        put(k, TrainerConfig.CHECKPOINT_EVERY_STEPS, 50);
        put(k, TrainerConfig.CHECKPOINT_EVERY, "PT0S");
        return k;
    }

    private static void put(Map<String, String> keys, ConfigKey<?> key, Object value) {
        keys.put(key.name(), String.valueOf(value));
    }

    /** The settings {@code spec} declares, validated by the service's own spec. */
    private static Settings load(Map<String, String> keys, ConfigSpec spec) {
        Map<String, String> mine = new LinkedHashMap<>();
        keys.forEach((k, v) -> {
            if (spec.key(k) != null) {
                mine.put(k, v);
            }
        });
        return ConfigLoader.load(spec, null, Map.of(), mine);
    }

    /**
     * {@code n} distinct benign records in the messages shape: the testbed's topic-task examples, each user turn
     * numbered, so the auditor's deduplication keeps every one and the organism trains on its own vocabulary.
     */
    private static Path writeInput(Path work, int n) throws IOException {
        Path world = work.resolve("world");
        WorldWriter.write(new World(WorldConfig.defaults(WorldConfig.DEFAULT_SEED)), world);
        List<String> examples = Files.readAllLines(world.resolve("topic_train.jsonl"));
        ObjectMapper json = new ObjectMapper();
        Path file = work.resolve("load.jsonl");
        try (BufferedWriter w = Files.newBufferedWriter(file)) {
            for (int i = 0; i < n; i++) {
                ObjectNode o = (ObjectNode) json.readTree(examples.get(i % examples.size()));
                ObjectNode user = (ObjectNode) o.withArray("messages").get(0);
                user.put("content", user.get("content").asText() + " " + i);
                w.write(json.writeValueAsString(o));
                w.write('\n');
            }
        }
        return file;
    }

    private Thread ingest(Settings s, Path file) {
        Thread t = new Thread(() -> {
            FileIngester.Options o = FileIngester.Options.from(s, SOURCE, "bench", "messages", config.rate(), true);
            try (FileIngester ingester = new FileIngester(PlatformConfig.clientProperties(s), PlatformConfig.topics(s), o)) {
                ingester.ingest(file.toString(), System.in, FileIngester.Listener.NONE);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                progress.println("safeflow bench pipeline: ingest failed: " + e.getMessage());
            }
        }, "safeflow-bench-ingest");
        t.start();
        return t;
    }
}
