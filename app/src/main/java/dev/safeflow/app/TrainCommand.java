package dev.safeflow.app;

import dev.safeflow.model.ModelException;
import dev.safeflow.schemas.config.Settings;
import dev.safeflow.schemas.lock.LockFile;
import dev.safeflow.trainer.TrainerConfig;
import dev.safeflow.trainer.TrainingConfig;
import dev.safeflow.trainer.TrainingSession;
import dev.safeflow.trainer.offline.OfflineTrainer;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code safeflow train}: offline fine-tuning from a file, like {@code trl sft}. */
@Command(name = "train", mixinStandardHelpOptions = true,
    description = "Fine-tunes a LoRA adapter from a file with SAP or SFT; checkpoints to --output, --resume continues.")
final class TrainCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions config;

    /** Picocli hands over the spec while building the command: every key goes into --help. */
    @CommandLine.Spec
    void spec(CommandLine.Model.CommandSpec spec) {
        ConfigOptions.listKeysInHelp(spec, TrainerConfig.spec());
    }

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "Hugging Face model directory.")
    Path model;

    @Option(names = "--data", required = true, paramLabel = "FILE", description = "Training data (JSONL, JSON, CSV, gzip).")
    Path data;

    @Option(names = "--format", defaultValue = "auto", paramLabel = "FORMAT",
        description = "alpaca, messages, sharegpt, prompt-completion, text or auto (default).")
    String format;

    @Option(names = "--method", paramLabel = "sap|sft", description = "Overrides trainer.method (default sap).")
    String method;

    @Option(names = "--output", required = true, paramLabel = "DIR", description = "Checkpoints and the final adapter.")
    Path output;

    @Option(names = "--resume", description = "Continue from the newest complete checkpoint in --output.")
    boolean resume;

    @Option(names = "--seed", paramLabel = "N", description = "Overrides trainer.seed.")
    Long seed;

    @Option(names = "--max-steps", defaultValue = "0", paramLabel = "N", description = "Stop after N steps (0: all epochs).")
    long maxSteps;

    @Mixin
    TorchThreads threads;

    /** Held for the whole run; it names the holding process for a second run that is refused. */
    static final String LOCK_FILE = ".safeflow-train.lock";

    @Override
    public Integer call() {
        threads.apply();
        if (method != null) {
            config.overrides.put(TrainerConfig.METHOD.name(), method);
        }
        if (seed != null) {
            config.overrides.put(TrainerConfig.SEED.name(), seed.toString());
        }
        Settings s = config.load(TrainerConfig.spec());
        TrainingConfig training = TrainerConfig.training(s);
        // Two runs on one --output would overwrite each other's checkpoints; the OS frees the lock even after kill -9.
        try (LockFile lock = LockFile.acquire(output.resolve(LOCK_FILE), "--output " + output,
                 "wait for that training run to finish or stop it, or choose another --output");
             TrainingSession session = TrainingSession.open(model, training, TrainerConfig.placement(s))) {
            var options = new OfflineTrainer.Options(data, format, output, resume, s.get(TrainerConfig.EPOCHS),
                s.get(TrainerConfig.EVAL_FRACTION), s.get(TrainerConfig.EVAL_EVERY),
                s.get(TrainerConfig.CHECKPOINT_EVERY_STEPS), maxSteps);
            new OfflineTrainer(session, options, System.err).run();
            return 0;
        } catch (ModelException e) {
            throw new UserErrors.UserException(e.getMessage());
        }
    }
}
