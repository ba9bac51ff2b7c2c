package dev.safeflow.trainer.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.safeflow.avro.Alert;
import dev.safeflow.avro.AuditedRecord;
import dev.safeflow.avro.CheckpointEvent;
import dev.safeflow.avro.Decision;
import dev.safeflow.avro.PromotionDecision;
import dev.safeflow.avro.Verdict;
import dev.safeflow.embedded.junit.KafkaPlatform;
import dev.safeflow.embedded.junit.KafkaPlatformExtension;
import dev.safeflow.schemas.config.PlatformConfig;
import dev.safeflow.schemas.config.Settings;
import dev.safeflow.schemas.control.ControlSigner;
import dev.safeflow.schemas.topics.TopicAdmin;
import dev.safeflow.schemas.topics.Topics;
import dev.safeflow.trainer.TinyModel;
import dev.safeflow.trainer.TrainingSession;
import dev.safeflow.trainer.checkpoint.Checkpoint;
import dev.safeflow.trainer.checkpoint.CheckpointStore;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(KafkaPlatformExtension.class)
class StreamingTrainerIT {

    static final int RECORDS = 36; // 12 steps of 3

    @Test
    void resumeAfterKillNineTrainsEachRecordOnceAndEndsOnTheUninterruptedAdapter(KafkaPlatform kafka,
            @TempDir Path dir) throws Exception {
        String prefix = "crash" + System.nanoTime() + ".";
        Settings settings = StreamingChild.settings(kafka.bootstrapServers(), kafka.registryUrl(), prefix,
                dir.resolve("crash").toString(), false);
        createTopics(settings);
        produce(settings, 0, 17); // 5 steps and 2 records pending; checkpoint at step 3 only

        Process first = child(kafka, prefix, dir.resolve("crash"), false);
        String log = awaitLine(first, "step 4 ", 120);
        first.destroyForcibly().waitFor(30, TimeUnit.SECONDS); // kill -9 after step 4: steps 4-5 were never checkpointed
        assertEquals(3, new CheckpointStore(dir.resolve("crash")).latest().orElseThrow(() -> new AssertionError(log))
                .state().step());

        produce(settings, 17, RECORDS);
        Process second = child(kafka, prefix, dir.resolve("crash"), true);
        assertTrue(second.waitFor(180, TimeUnit.SECONDS), "restarted trainer did not finish");
        assertEquals(0, second.exitValue());

        Settings reference = StreamingChild.settings(kafka.bootstrapServers(), kafka.registryUrl(), prefix,
                dir.resolve("reference").toString(), true);
        try (TrainingSession s = TrainingSession.open(TinyModel.dir(), StreamingChild.config())) {
            new StreamingTrainer(s, reference).run();
        }
        Checkpoint crashed = new CheckpointStore(dir.resolve("crash")).latest().orElseThrow();
        Checkpoint straight = new CheckpointStore(dir.resolve("reference")).latest().orElseThrow();
        assertEquals(12, crashed.state().step());
        assertEquals(RECORDS, crashed.state().records(), "records trained in the lineage");
        assertEquals(RECORDS, crashed.state().offsets().get(0).nextOffset());
        assertArrayEquals(Files.readAllBytes(straight.dir().resolve("adapter_model.safetensors")),
                Files.readAllBytes(crashed.dir().resolve("adapter_model.safetensors")),
                "the killed-and-resumed run must end on the uninterrupted run's adapter, bit for bit");
        assertArrayEquals(Files.readAllBytes(straight.dir().resolve("optimizer.safetensors")),
                Files.readAllBytes(crashed.dir().resolve("optimizer.safetensors")));

        List<CheckpointEvent> events = consume(settings, PlatformConfig.topics(settings).checkpoints().name(),
                PlatformConfig.topics(settings).checkpoints().valueSerde().deserializer(), 1);
        assertEquals("run-step-00000003", events.get(0).getCheckpointId());
        assertEquals(9, events.get(0).getOffsets().get(0).getNextOffset());
    }

    @Test
    void brokerOutageNeitherLosesNorDoubleCountsRecords(KafkaPlatform kafka, @TempDir Path dir) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(kafka.embeddedKafka().isPresent(), "needs the embedded broker");
        String prefix = "outage" + System.nanoTime() + ".";
        Settings settings = StreamingChild.settings(kafka.bootstrapServers(), kafka.registryUrl(), prefix,
                dir.resolve("outage").toString(), false);
        createTopics(settings);
        produce(settings, 0, 18);
        try (TrainingSession s = TrainingSession.open(TinyModel.dir(), StreamingChild.config())) {
            StreamingTrainer trainer = new StreamingTrainer(s, settings);
            Thread t = new Thread(trainer::run);
            t.start();
            CheckpointStore store = new CheckpointStore(dir.resolve("outage"));
            await(store, 6);
            var broker = kafka.embeddedKafka().get();
            broker.stop();
            Thread.sleep(3_000); // the trainer keeps polling a dead broker
            broker.start();
            produce(settings, 18, RECORDS);
            long deadline = System.currentTimeMillis() + 120_000;
            while (System.currentTimeMillis() < deadline
                    && store.latest().map(c -> c.state().step()).orElse(0L) < RECORDS / 3) {
                Thread.sleep(200);
            }
            assertTrue(trainer.stop(Duration.ofSeconds(60)));
            t.join(10_000);
        }
        Settings reference = StreamingChild.settings(kafka.bootstrapServers(), kafka.registryUrl(), prefix,
                dir.resolve("reference").toString(), true);
        try (TrainingSession s = TrainingSession.open(TinyModel.dir(), StreamingChild.config())) {
            new StreamingTrainer(s, reference).run();
        }
        Checkpoint outage = new CheckpointStore(dir.resolve("outage")).latest().orElseThrow();
        Checkpoint straight = new CheckpointStore(dir.resolve("reference")).latest().orElseThrow();
        assertEquals(RECORDS, outage.state().records());
        assertEquals(RECORDS, outage.state().offsets().get(0).nextOffset());
        assertArrayEquals(Files.readAllBytes(straight.dir().resolve("adapter_model.safetensors")),
                Files.readAllBytes(outage.dir().resolve("adapter_model.safetensors")));
    }

    @Test
    void sigtermCheckpointsEveryTrainedStepAndExitsCleanly(KafkaPlatform kafka, @TempDir Path dir) throws Exception {
        String prefix = "sigterm" + System.nanoTime() + ".";
        Settings settings = StreamingChild.settings(kafka.bootstrapServers(), kafka.registryUrl(), prefix,
                dir.toString(), false);
        createTopics(settings);
        produce(settings, 0, 14); // 4 steps, checkpoint at 3, 2 records pending
        Process child = child(kafka, prefix, dir, false);
        String log = awaitLine(child, "step 3 ", 120);
        child.destroy(); // SIGTERM
        assertTrue(child.waitFor(60, TimeUnit.SECONDS), "trainer did not exit on SIGTERM");
        assertEquals(143, child.exitValue(), "128 + SIGTERM after the shutdown hook, not a crash");
        Checkpoint last = new CheckpointStore(dir).latest().orElseThrow(() -> new AssertionError(log));
        assertEquals(4, last.state().step(), "the step after the last periodic checkpoint is kept");
        assertEquals(12, last.state().offsets().get(0).nextOffset(), "pending records are left for the next start");
    }

    @Test
    void rejectionWithRollbackRestoresTheLastPromotedCheckpointAndKeepsConsuming(KafkaPlatform kafka,
            @TempDir Path dir) throws Exception {
        String prefix = "rollback" + System.nanoTime() + ".";
        Path key = ControlSigner.ensureKeyFile(dir.resolve("keys").resolve("control.key"));
        Settings settings = StreamingChild.settings(kafka.bootstrapServers(), kafka.registryUrl(), prefix,
                dir.resolve("checkpoints").toString(), false, Map.of(ControlSigner.SIGNING_KEY_FILE.name(), key.toString()));
        ControlSigner evaluator = ControlSigner.from(settings, "evaluator");
        createTopics(settings);
        Topics topics = PlatformConfig.topics(settings);
        produce(settings, 0, 9); // 3 steps: checkpoint A
        try (TrainingSession s = TrainingSession.open(TinyModel.dir(), StreamingChild.config())) {
            StreamingTrainer trainer = new StreamingTrainer(s, settings);
            Thread t = new Thread(trainer::run);
            t.start();
            CheckpointStore store = new CheckpointStore(dir.resolve("checkpoints"));
            Checkpoint a = await(store, 3);
            decide(settings, a.id(), Decision.PROMOTED, false, evaluator);
            produce(settings, 9, 18);
            Checkpoint b = await(store, 6);
            // Forged (unsigned) decisions: B promoted, then B rejected with a rollback. Both are ignored, so training
            // goes on to C without a rollback, and the rollback target stays A.
            decide(settings, b.id(), Decision.PROMOTED, false, ControlSigner.UNSIGNED);
            decide(settings, b.id(), Decision.REJECTED, true, ControlSigner.UNSIGNED);
            produce(settings, 18, 27);
            Checkpoint c = await(store, 9);
            assertFalse(c.id().contains("rollback"), "a forged rejection rolled the run back: " + c.id());
            decide(settings, c.id(), Decision.REJECTED, true, evaluator);
            Alert alert = consume(settings, topics.alerts().name(), topics.alerts().valueSerde().deserializer(), 1).get(0);
            assertEquals("rollback", alert.getKind());
            assertTrue(trainer.stop(Duration.ofSeconds(60)));
            t.join(10_000);
            Checkpoint rolled = store.latest().orElseThrow();
            assertTrue(rolled.id().contains("rollback"), rolled.id());
            assertEquals(a.id(), rolled.state().parentCheckpointId(), "the forged promotion of B is not a rollback target");
            assertArrayEquals(Files.readAllBytes(a.dir().resolve("adapter_model.safetensors")),
                    Files.readAllBytes(rolled.dir().resolve("adapter_model.safetensors")));
            assertEquals(27, rolled.state().offsets().get(0).nextOffset(), "records since A are not retrained");
        }
    }

    static Checkpoint await(CheckpointStore store, long step) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 120_000;
        while (System.currentTimeMillis() < deadline) {
            var c = store.latest();
            if (c.isPresent() && c.get().state().step() >= step) {
                return c.get();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no checkpoint at step " + step);
    }

    static void createTopics(Settings settings) throws Exception {
        try (Admin admin = Admin.create(PlatformConfig.clientProperties(settings))) {
            TopicAdmin.createAll(admin, PlatformConfig.catalog(settings));
        }
    }

    static void produce(Settings settings, int from, int to) throws Exception {
        var clean = PlatformConfig.topics(settings).clean();
        try (KafkaProducer<String, AuditedRecord> p = new KafkaProducer<>(PlatformConfig.clientProperties(settings),
                clean.keySerde().serializer(), clean.valueSerde().serializer())) {
            for (int i = from; i < to; i++) {
                String[] chat = TinyModel.CHATS[i % TinyModel.CHATS.length];
                var record = TinyModel.record("r" + i, chat[0], chat[1]);
                AuditedRecord a = AuditedRecord.newBuilder().setRecord(record).setVerdict(Verdict.CLEAN)
                        .setScores(Map.of()).setReasons(List.of()).setAuditorVersion("test").setAuditedAt(Instant.now())
                        .build();
                p.send(new ProducerRecord<>(clean.name(), record.getId(), a)).get();
            }
        }
    }

    static void decide(Settings settings, String checkpointId, Decision decision, boolean rollback) throws Exception {
        decide(settings, checkpointId, decision, rollback, ControlSigner.UNSIGNED);
    }

    static void decide(Settings settings, String checkpointId, Decision decision, boolean rollback, ControlSigner signer)
            throws Exception {
        var topic = PlatformConfig.topics(settings).promotions();
        try (KafkaProducer<String, PromotionDecision> p = new KafkaProducer<>(PlatformConfig.clientProperties(settings),
                topic.keySerde().serializer(), topic.valueSerde().serializer())) {
            p.send(new ProducerRecord<>(topic.name(), "run", signer.sign(PromotionDecision.newBuilder().setRunId("run")
                    .setCheckpointId(checkpointId).setDecision(decision).setReasons(List.of()).setMetrics(Map.of())
                    .setRollbackRequested(rollback).setRollbackTo(null).setDecidedAt(Instant.now()).build()))).get();
        }
    }

    static <V> List<V> consume(Settings settings, String topic, org.apache.kafka.common.serialization.Deserializer<V> d,
            int atLeast) {
        Map<String, Object> props = new HashMap<>(PlatformConfig.clientProperties(settings));
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<V> out = new ArrayList<>();
        try (KafkaConsumer<String, V> c = new KafkaConsumer<>(props,
                new org.apache.kafka.common.serialization.StringDeserializer(), d)) {
            c.assign(List.of(new TopicPartition(topic, 0)));
            c.seekToBeginning(List.of(new TopicPartition(topic, 0)));
            long deadline = System.currentTimeMillis() + 60_000;
            while (out.size() < atLeast && System.currentTimeMillis() < deadline) {
                c.poll(Duration.ofMillis(200)).forEach(r -> out.add(r.value()));
            }
        }
        assertTrue(out.size() >= atLeast, "expected " + atLeast + " records on " + topic + ", got " + out.size());
        return out;
    }

    static Process child(KafkaPlatform kafka, String prefix, Path dir, boolean stopAtEnd) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx512m", "-Dai.djl.offline=true",
                "-Dai.djl.pytorch.num_threads=1", "-Dai.djl.pytorch.num_interop_threads=1",
                "-cp", System.getProperty("java.class.path"), StreamingChild.class.getName(),
                kafka.bootstrapServers(), kafka.registryUrl(), prefix, dir.toString(), Boolean.toString(stopAtEnd)));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("MKL_CBWR", "COMPATIBLE");
        pb.environment().put("OMP_NUM_THREADS", "1");
        return pb.redirectErrorStream(true)
                .redirectOutput(stopAtEnd ? ProcessBuilder.Redirect.DISCARD : ProcessBuilder.Redirect.PIPE).start();
    }

    /** Reads the child's output until a line starts with {@code prefix}; returns what it read. */
    static String awaitLine(Process p, String prefix, int seconds) throws Exception {
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream()));
        StringBuilder seen = new StringBuilder();
        long deadline = System.currentTimeMillis() + seconds * 1000L;
        for (String line; System.currentTimeMillis() < deadline && (line = r.readLine()) != null; ) {
            seen.append(line).append('\n');
            if (line.startsWith(prefix)) {
                return seen.toString();
            }
        }
        throw new AssertionError("child never printed '" + prefix + "':\n" + seen);
    }

}
