package dev.safeflow.app.demo;

import dev.safeflow.app.Wiring;
import dev.safeflow.evaluator.EvaluatorApp;
import dev.safeflow.schemas.config.Settings;
import dev.safeflow.trainer.TrainerConfig;
import dev.safeflow.trainer.TrainingSession;
import dev.safeflow.trainer.stream.StreamingTrainer;
import java.nio.file.Path;
import java.time.Duration;

/** A service on its own thread, started and stopped as its command does it (TrainerCommand, EvaluatorCommand). */
final class DemoService implements AutoCloseable {
    private final Thread thread;
    private final Runnable stop;

    private DemoService(String name, Runnable body, Runnable stop) {
        this.thread = new Thread(body, "safeflow-demo-" + name);
        this.stop = stop;
        thread.start();
    }

    static DemoService trainer(Settings s, Path model) {
        TrainingSession session = TrainingSession.open(model, TrainerConfig.training(s));
        StreamingTrainer trainer = new StreamingTrainer(session, s);
        return new DemoService("trainer", () -> {
            try (session) {
                trainer.run();
            }
        }, () -> {
            try {
                trainer.stop(Duration.ofMinutes(2));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    static DemoService evaluator(Settings s) {
        EvaluatorApp app = EvaluatorApp.start(s, Wiring.evaluatorPlugins());
        return new DemoService("evaluator", () -> {
            try (app) {
                app.run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, app::stop);
    }

    boolean alive() {
        return thread.isAlive();
    }

    void stop() throws InterruptedException {
        stop.run();
        thread.join(Duration.ofMinutes(2).toMillis());
    }

    @Override
    public void close() throws InterruptedException {
        if (thread.isAlive()) {
            stop();
        }
    }
}
