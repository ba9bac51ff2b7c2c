package dev.safeflow.evaluator;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.safeflow.model.Djl;
import dev.safeflow.model.io.SafeTensors;
import dev.safeflow.model.io.SafeTensorsWriter;
import dev.safeflow.trainer.checkpoint.Checkpoint;
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
import java.util.TreeMap;

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
     * A copy of {@code adapterSource} with every {@code lora_B} tensor zeroed: PEFT's initial state, a
     * no-op on the base model's outputs. With the random fixture adapter it gives an unchanged and a
     * changed model from one base.
     */
    public static Path zeroed(Path adapterSource, Path into) {
        try (NDManager m = Djl.newManager(); SafeTensors st = SafeTensors.open(adapterSource.resolve("adapter_model.safetensors"))) {
            Map<String, NDArray> tensors = new TreeMap<>();
            for (String name : st.names()) {
                NDArray t = st.read(name, m);
                tensors.put(name, name.contains("lora_B") ? t.zerosLike() : t);
            }
            Files.createDirectories(into);
            SafeTensorsWriter.write(into.resolve("adapter_model.safetensors"), tensors);
            Files.copy(adapterSource.resolve("adapter_config.json"), into.resolve("adapter_config.json"),
                StandardCopyOption.REPLACE_EXISTING);
            return into;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
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
