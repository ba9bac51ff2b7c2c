package dev.safeflow.evaluator;

import dev.safeflow.evaluator.suite.LabelledPrompt;
import dev.safeflow.model.lora.LoraConfig;
import dev.safeflow.trainer.BatchConfig;
import dev.safeflow.trainer.OptimizerConfig;
import dev.safeflow.trainer.TrainingConfig;
import dev.safeflow.trainer.TrainingMethod;
import dev.safeflow.trainer.TrainingSession;
import dev.safeflow.trainer.checkpoint.Checkpoint;
import dev.safeflow.trainer.data.Batch;
import dev.safeflow.trainer.data.Example;
import dev.safeflow.trainer.checkpoint.CheckpointStore;
import dev.safeflow.trainer.checkpoint.TrainerState;
import dev.safeflow.trainer.step.LearnerState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;

/**
 * Checkpoint directories for tests, written by the trainer's checkpoint writer around a fixture adapter.
 */
public final class CheckpointDirs {

    private CheckpointDirs() {
    }

    /**
     * A checkpoint holding the PEFT adapter of {@code adapterSource}, written under {@code root} by the
     * trainer's own {@link CheckpointStore} (temporary name, manifest, fsync, rename).
     */
    public static Checkpoint write(Path root, Path adapterSource, String runId, long step) {
        TrainerState state = new TrainerState(step, runId, "test-config", "sft", TinyModels.llama().toString(), 42,
            List.of(new TrainerState.Offset("safeflow.ft.clean", 0, step * 10)), 0, step * 10, Map.of("task_loss", 1.0),
            null, 1_700_000_000_000L + step);
        return new CheckpointStore(root).write(state, dir -> {
            try {
                for (String f : List.of("adapter_config.json", LearnerState.ADAPTER)) {
                    Files.copy(adapterSource.resolve(f), dir.resolve(f), StandardCopyOption.REPLACE_EXISTING);
                }
                // Not loaded by the evaluator, but covered by the manifest like everything else.
                Files.write(dir.resolve(LearnerState.PROBE), new byte[] {2, 0, 0, 0, 0, 0, 0, 0, '{', '}'});
                Files.write(dir.resolve(LearnerState.OPTIMIZER), new byte[] {2, 0, 0, 0, 0, 0, 0, 0, '{', '}'});
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /**
     * A checkpoint the trainer really trained: {@code steps} SFT steps on one (prompt, response) pair
     * per prompt from a fresh LoRA on the fixture base, saved by {@link TrainingSession#save}.
     */
    public static Checkpoint trained(Path root, String runId, long step, List<String> prompts, String response, int steps) {
        return trained(root, TinyModels.llama(), runId, step,
            prompts.stream().map(p -> new LabelledPrompt(p, response, null)).toList(),
            new LoraConfig(4, 8f, 0f, List.of("q_proj", "v_proj"), false), 0.05, steps);
    }

    /** {@code steps} SFT steps on {@code pairs} (prompt, answer) from a fresh LoRA on {@code base}, saved by the trainer. */
    public static Checkpoint trained(Path root, Path base, String runId, long step, List<LabelledPrompt> pairs,
            LoraConfig lora, double lr, int steps) {
        TrainingConfig config = TrainingConfig.defaults().withMethod(TrainingMethod.SFT).withSeed(step).withLora(lora)
            .withOptimizer(OptimizerConfig.defaults().withLr(lr))
            .withBatch(new BatchConfig(Math.min(8, pairs.size()), 64, 0, 1, 2));
        try (TrainingSession session = TrainingSession.open(base, config)) {
            List<Example> examples = pairs.stream().map(p -> session.encoder().encode(p.prompt(), p.answer())).toList();
            List<Batch> batches = session.batcher().pack(examples);
            for (int k = 0; k < steps; k++) {
                session.learner().step(List.of(batches.get(k % batches.size())));
            }
            TrainerState state = new TrainerState(step, runId, config.hash(), config.methodName(), session.baseModel(),
                config.seed(), List.of(), steps, (long) steps * pairs.size(), Map.of(), null, 1_700_000_000_000L + step);
            return session.save(new CheckpointStore(root), state);
        }
    }

    /** Flips one byte in the middle of {@code file}, as a tamperer or a bad disk would. */
    public static void flipAByte(Path file) {
        try {
            byte[] b = Files.readAllBytes(file);
            b[b.length / 2] ^= 0x01;
            Files.write(file, b);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
