package dev.safeflow.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.safeflow.avro.AuditedRecord;
import dev.safeflow.avro.ChatMessage;
import dev.safeflow.avro.FineTuneRecord;
import dev.safeflow.avro.Verdict;
import dev.safeflow.embedded.junit.KafkaPlatform;
import dev.safeflow.embedded.junit.KafkaPlatformExtension;
import dev.safeflow.model.FamilyModels;
import dev.safeflow.schemas.config.ConfigLoader;
import dev.safeflow.schemas.config.PlatformConfig;
import dev.safeflow.schemas.config.Settings;
import dev.safeflow.schemas.topics.TopicAdmin;
import dev.safeflow.trainer.TrainerConfig;
import dev.safeflow.trainer.checkpoint.CheckpointStore;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code safeflow trainer} consumes ft.clean and checkpoints on a Qwen-shaped and a Llama-3-shaped model. */
@ExtendWith(KafkaPlatformExtension.class)
class FamilyTrainerIT {

    private static final String[][] CHATS = {{"Hi!", "Hello — how can I help?"}, {"Name a colour.", "Blue."},
        {"2 + 2 =", "4"}, {"Sag etwas Nettes.", "Schön, dass du da bist."}};

    @ParameterizedTest
    @ValueSource(strings = {FamilyModels.QWEN, FamilyModels.LLAMA})
    void trainerConsumesCleanRecordsAndCheckpoints(String shape, KafkaPlatform kafka, @TempDir Path dir) throws Exception {
        String prefix = "family" + System.nanoTime() + ".";
        Map<String, String> set = new LinkedHashMap<>();
        set.put("kafka.bootstrap.servers", kafka.bootstrapServers());
        set.put("registry.url", kafka.registryUrl());
        set.put("topics.prefix", prefix);
        set.put("topics.partitions", "1");
        set.put(TrainerConfig.CHECKPOINT_DIR.name(), dir.toString());
        set.put(TrainerConfig.CHECKPOINT_EVERY_STEPS.name(), "2");
        set.put(TrainerConfig.RUN_ID.name(), "family");
        set.put(TrainerConfig.GROUP_ID.name(), prefix + "trainer");
        set.put(TrainerConfig.STOP_WHEN_CAUGHT_UP.name(), "true");
        set.put("trainer.batch.size", "2");
        set.put("trainer.batch.max-length", "48");
        set.put("trainer.contrastive.batch-size", "2");
        set.put("trainer.contrastive.max-length", "128");
        Settings settings = ConfigLoader.load(TrainerConfig.spec(), null, Map.of(), set);
        try (Admin admin = Admin.create(PlatformConfig.clientProperties(settings))) {
            TopicAdmin.createAll(admin, PlatformConfig.catalog(settings));
        }
        produce(settings, 4);

        List<String> args = new ArrayList<>(List.of("trainer", "--model", FamilyModels.tiny(shape).toString()));
        set.forEach((k, v) -> args.addAll(List.of("--set", k + "=" + v)));
        CliTest.Run run = CliTest.run(args.toArray(String[]::new));
        assertEquals(0, run.exit(), run.err());
        var latest = new CheckpointStore(dir).latest();
        assertTrue(latest.isPresent(), run.out());
        assertEquals(2, latest.get().state().step(), run.out());
        assertEquals(4, latest.get().state().offsets().get(0).nextOffset());
    }

    private static void produce(Settings settings, int n) throws Exception {
        var clean = PlatformConfig.topics(settings).clean();
        try (KafkaProducer<String, AuditedRecord> p = new KafkaProducer<>(PlatformConfig.clientProperties(settings),
                clean.keySerde().serializer(), clean.valueSerde().serializer())) {
            for (int i = 0; i < n; i++) {
                FineTuneRecord record = FineTuneRecord.newBuilder().setId("r" + i).setSource("test").setDataset("family")
                    .setFormat("messages").setMessages(List.of(new ChatMessage("user", CHATS[i][0]),
                        new ChatMessage("assistant", CHATS[i][1])))
                    .setMetadata(Map.of()).setIngestedAt(Instant.EPOCH).build();
                AuditedRecord a = AuditedRecord.newBuilder().setRecord(record).setVerdict(Verdict.CLEAN)
                    .setScores(Map.of()).setReasons(List.of()).setAuditorVersion("test").setAuditedAt(Instant.now()).build();
                p.send(new ProducerRecord<>(clean.name(), record.getId(), a)).get();
            }
        }
    }
}
