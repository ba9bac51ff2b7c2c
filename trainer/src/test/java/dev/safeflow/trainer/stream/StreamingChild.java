package dev.safeflow.trainer.stream;

import dev.safeflow.schemas.config.ConfigLoader;
import dev.safeflow.schemas.config.Settings;
import dev.safeflow.trainer.TinyModel;
import dev.safeflow.trainer.TrainerConfig;
import dev.safeflow.trainer.TrainingConfig;
import dev.safeflow.trainer.TrainingMethod;
import dev.safeflow.trainer.TrainingSession;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** A streaming trainer in its own JVM, so a test can {@code kill -9} it: args bootstrap registry prefix dir stopAtEnd. */
public final class StreamingChild {

    private StreamingChild() {}

    public static void main(String[] args) throws Exception {
        Settings settings = settings(args[0], args[1], args[2], args[3], Boolean.parseBoolean(args[4]));
        try (TrainingSession session = TrainingSession.open(TinyModel.dir(), config())) {
            StreamingTrainer trainer = new StreamingTrainer(session, settings);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    trainer.stop(Duration.ofSeconds(30));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
            trainer.run();
        }
        System.out.println("exited cleanly");
    }

    /** SAP on the tiny model without dropout: the trajectory is a function of the records alone. */
    static TrainingConfig config() {
        TrainingConfig c = TinyModel.config(TrainingMethod.SAP);
        return c.withSap(c.sap().with(0.05, 0.05).withVariant(dev.safeflow.trainer.SapConfig.Variant.REFERENCE, 2));
    }

    static Settings settings(String bootstrap, String registry, String prefix, String dir, boolean stopAtEnd) {
        return settings(bootstrap, registry, prefix, dir, stopAtEnd, Map.of());
    }

    static Settings settings(String bootstrap, String registry, String prefix, String dir, boolean stopAtEnd,
            Map<String, String> more) {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("kafka.bootstrap.servers", bootstrap);
        s.put("registry.url", registry);
        s.put("topics.prefix", prefix);
        s.put("topics.partitions", "1");
        s.put(TrainerConfig.CHECKPOINT_DIR.name(), dir);
        s.put(TrainerConfig.CHECKPOINT_EVERY_STEPS.name(), "3");
        s.put(TrainerConfig.CHECKPOINT_EVERY.name(), "0s");
        s.put(TrainerConfig.RUN_ID.name(), "run");
        s.put(TrainerConfig.GROUP_ID.name(), prefix + "trainer");
        s.put(TrainerConfig.STOP_WHEN_CAUGHT_UP.name(), Boolean.toString(stopAtEnd));
        s.putAll(more);
        return ConfigLoader.load(TrainerConfig.spec(), null, Map.of(), s);
    }
}
