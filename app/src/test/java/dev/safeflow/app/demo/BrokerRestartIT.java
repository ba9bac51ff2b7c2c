package dev.safeflow.app.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.safeflow.app.Wiring;
import dev.safeflow.auditor.AuditorApp;
import dev.safeflow.auditor.AuditorConfig;
import dev.safeflow.avro.CheckpointEvent;
import dev.safeflow.embedded.EmbeddedKafka;
import dev.safeflow.embedded.junit.KafkaPlatform;
import dev.safeflow.embedded.junit.KafkaPlatformExtension;
import dev.safeflow.evaluator.EvaluatorApp;
import dev.safeflow.ingest.FileIngester;
import dev.safeflow.schemas.config.PlatformConfig;
import dev.safeflow.schemas.config.Settings;
import dev.safeflow.schemas.topics.TopicAdmin;
import dev.safeflow.testbed.world.World;
import dev.safeflow.testbed.world.WorldConfig;
import dev.safeflow.testbed.world.WorldWriter;
import dev.safeflow.trainer.TrainerConfig;
import dev.safeflow.trainer.TrainingSession;
import dev.safeflow.trainer.stream.StreamingTrainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reliability drill: the embedded broker is stopped and started again on the same data directory while ingest,
 * auditor, SAP trainer and evaluator all run in this process, wired as the demo wires them. Afterwards every
 * ft.raw record is in exactly one of clean / quarantine, the trainer's checkpoint lineage counts every clean
 * record once, and every checkpoint has a gate decision. (The auditor alone under a broker restart, kill -9 and
 * restart, and the trainer under kill -9, are drilled in their own modules: AuditorRestartIT, StreamingTrainerIT.)
 */
@ExtendWith(KafkaPlatformExtension.class)
class BrokerRestartIT {
    private static final Path ORGANISM = Path.of("..", "models", "safeflow-organism-v1");

    @TempDir
    Path tmp;

    @Test
    void brokerRestartWhileEveryServiceRunsLosesAndDuplicatesNothing(KafkaPlatform kafka) throws Exception {
        EmbeddedKafka broker = kafka.embeddedKafka().orElse(null);
        assumeTrue(broker != null, "needs the embedded broker to restart it");
        assumeTrue(Files.isRegularFile(ORGANISM.resolve("config.json")), "models/safeflow-organism-v1 is not in this checkout");
        DemoPlan plan = new DemoPlan("drill", 60, 20, 60, 0.5, 10, 4, 8, 8, 1);
        Path world = tmp.resolve("world");
        WorldWriter.write(new World(WorldConfig.defaults(WorldConfig.DEFAULT_SEED)), world);
        DemoInputs.Sources inputs = DemoInputs.write(world, tmp.resolve("input"), plan);
        String run = UUID.randomUUID().toString().substring(0, 8);
        DemoSettings demo = new DemoSettings(kafka.bootstrapServers(), kafka.registryUrl(), "drill" + run + ".", tmp, world,
            ORGANISM, plan).set(AuditorConfig.APPLICATION_ID, "drill-auditor-" + run).set(TrainerConfig.BATCH_TIMEOUT, "PT1S");
        Settings platform = demo.platform();
        try (Admin admin = Admin.create(PlatformConfig.clientProperties(platform))) {
            TopicAdmin.createAll(admin, PlatformConfig.catalog(platform));
        }
        long started = System.nanoTime();
        try (TopicTally tally = new TopicTally(PlatformConfig.clientProperties(platform), PlatformConfig.topics(platform));
             AuditorApp auditor = AuditorApp.start(demo.auditor());
             TrainingSession session = TrainingSession.open(ORGANISM, TrainerConfig.training(demo.trainer()));
             EvaluatorApp evaluator = EvaluatorApp.start(demo.evaluator(), Wiring.evaluatorPlugins())) {
            StreamingTrainer trainer = new StreamingTrainer(session, demo.trainer());
            java.util.concurrent.atomic.AtomicLong trained = new java.util.concurrent.atomic.AtomicLong();
            trainer.onStep(f -> trained.addAndGet(f.ingestedAtMillis().length));
            Thread trainerThread = start("trainer", trainer::run);
            Thread evaluatorThread = start("evaluator", () -> {
                try {
                    evaluator.run();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            Settings ingest = demo.ingest();
            Thread partner = start("ingest-partner", () -> ingest(ingest, DemoInputs.PARTNER, inputs.partner(), plan));
            Thread forum = start("ingest-forum", () -> ingest(ingest, DemoInputs.FORUM, inputs.forum(), plan));

            await(Duration.ofMinutes(2), () -> tally.snapshot().raw().size() >= 30 && !tally.snapshot().checkpoints().isEmpty());
            long before = tally.snapshot().raw().size();
            broker.stop();
            Thread.sleep(3_000);
            broker.start();
            System.out.println("broker restarted after " + before + " raw records");

            partner.join();
            forum.join();
            int expected = plan.partnerRecords() + plan.forumRecords();
            await(Duration.ofMinutes(3), () -> tally.snapshot().raw().size() >= expected && tally.snapshot().unaudited() == 0);
            // The trainer may still have a backlog when the auditor finishes (a step takes seconds under load): wait
            // until it has trained what ft.clean holds (its last partial micro-batch after trainer.batch.timeout), then stop.
            long trainDeadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (trained.get() < tally.snapshot().clean().size() && System.nanoTime() < trainDeadline) {
                Thread.sleep(500);
            }
            assertTrue(trainer.stop(Duration.ofMinutes(2)), "trainer did not stop");
            trainerThread.join();
            await(Duration.ofMinutes(3), () -> tally.snapshot().allDecided());
            evaluator.stop();
            evaluatorThread.join(60_000);

            Snapshot s = tally.snapshot();
            CheckpointEvent last = s.lastCheckpoint();
            System.out.printf("broker restart drill: %.0f s; raw %d (expected %d), clean %d, quarantined %d, unaudited (lost) %d,"
                    + " duplicated %d; trainer lineage records %d of %d clean; checkpoints %d, decided %d%n",
                (System.nanoTime() - started) / 1e9, s.raw().size(), expected, s.clean().size(), s.quarantine().size(),
                s.unaudited(), s.duplicated(), last.getRecords(), s.clean().size(), s.checkpoints().size(), s.decisions().size());
            assertEquals(expected, s.raw().size(), "every ingested record on ft.raw, once");
            assertEquals(0, s.unaudited(), "raw records on neither stream");
            assertEquals(0, s.duplicated(), "records on both streams or twice on one");
            assertEquals(s.clean().size(), last.getRecords(), "the lineage trains every clean record exactly once");
            assertFalse(s.checkpoints().isEmpty());
            assertTrue(s.allDecided());
            assertTrue(auditor.streams().state().isRunningOrRebalancing(), "auditor state " + auditor.streams().state());
        }
    }

    private static void ingest(Settings s, String source, Path file, DemoPlan plan) {
        FileIngester.Options o = FileIngester.Options.from(s, source, "drill", "messages", plan.ratePerSource(), true);
        try (FileIngester ingester = new FileIngester(PlatformConfig.clientProperties(s), PlatformConfig.topics(s), o)) {
            ingester.ingest(file.toString(), System.in, FileIngester.Listener.NONE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Thread start(String name, Runnable body) {
        Thread t = new Thread(body, "drill-" + name);
        t.start();
        return t;
    }

    private static void await(Duration limit, BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!done.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "gave up after " + limit);
            Thread.sleep(500);
        }
    }
}
