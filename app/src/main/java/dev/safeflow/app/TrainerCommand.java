package dev.safeflow.app;

import dev.safeflow.http.HttpService;
import dev.safeflow.model.ModelException;
import dev.safeflow.schemas.config.ConfigSpec;
import dev.safeflow.schemas.config.Settings;
import dev.safeflow.trainer.TrainerConfig;
import dev.safeflow.trainer.TrainingSession;
import dev.safeflow.trainer.stream.StreamingTrainer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code safeflow trainer}: the streaming trainer service; SIGTERM checkpoints and exits. */
@Command(name = "trainer", mixinStandardHelpOptions = true,
    description = "Trains continuously on ft.clean, checkpoints with offsets and publishes a CheckpointEvent per checkpoint.")
final class TrainerCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions config;

    /** Picocli hands over the spec while building the command: every key goes into --help. */
    @CommandLine.Spec
    void spec(CommandLine.Model.CommandSpec spec) {
        ConfigOptions.listKeysInHelp(spec, spec());
    }

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "Hugging Face model directory.")
    Path model;

    @Option(names = "--metrics-port", paramLabel = "P",
        description = "Serve Prometheus /metrics on this port, on loopback unless trainer.metrics.host says otherwise "
            + "(trainer.metrics.port; default: none).")
    Integer metricsPort;

    @Mixin
    TorchThreads threads;

    /** The trainer's keys and those of its /metrics server. */
    static ConfigSpec spec() {
        return TrainerConfig.spec().add(TrainerMetricsServer.keys());
    }

    @Override
    public Integer call() throws Exception {
        threads.apply();
        Settings s = config.load(spec());
        int port = metricsPort != null ? metricsPort : s.get(TrainerMetricsServer.PORT);
        try (TrainingSession session = TrainingSession.open(model, TrainerConfig.training(s), TrainerConfig.placement(s))) {
            StreamingTrainer trainer = new StreamingTrainer(session, s);
            HttpService metrics = TrainerMetricsServer.start(s, port, trainer.exportedMetrics().registry());
            if (metrics != null) {
                System.err.println("trainer metrics on " + metrics.url() + "/metrics");
            }
            Thread hook = new Thread(() -> {
                try {
                    // The loop checkpoints what it trained and returns; pending records are re-read next start.
                    trainer.stop(Duration.ofMinutes(2));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "safeflow-trainer-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                trainer.run();
            } finally {
                if (metrics != null) {
                    metrics.close();
                }
            }
            return 0;
        } catch (ModelException e) {
            throw new UserErrors.UserException(e.getMessage());
        }
    }
}
