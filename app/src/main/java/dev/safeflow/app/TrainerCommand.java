package dev.safeflow.app;

import dev.safeflow.model.ModelException;
import dev.safeflow.schemas.config.Settings;
import dev.safeflow.trainer.TrainerConfig;
import dev.safeflow.trainer.TrainingSession;
import dev.safeflow.trainer.stream.StreamingTrainer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code safeflow trainer}: the streaming trainer service; SIGTERM checkpoints and exits. */
@Command(name = "trainer", mixinStandardHelpOptions = true,
    description = "Trains continuously on ft.clean, checkpoints with offsets and publishes a CheckpointEvent per checkpoint.")
final class TrainerCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions config;

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "Hugging Face model directory.")
    Path model;

    @Mixin
    TorchThreads threads;

    @Override
    public Integer call() throws Exception {
        threads.apply();
        Settings s = config.load(TrainerConfig.spec());
        try (TrainingSession session = TrainingSession.open(model, TrainerConfig.training(s), TrainerConfig.placement(s))) {
            StreamingTrainer trainer = new StreamingTrainer(session, s);
            Thread hook = new Thread(() -> {
                try {
                    // The loop checkpoints what it trained and returns; pending records are re-read next start.
                    trainer.stop(Duration.ofMinutes(2));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "safeflow-trainer-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            trainer.run();
            return 0;
        } catch (ModelException e) {
            throw new UserErrors.UserException(e.getMessage());
        }
    }
}
