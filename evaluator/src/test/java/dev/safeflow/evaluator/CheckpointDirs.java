package dev.safeflow.evaluator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.safeflow.evaluator.checkpoint.Sha256;
import dev.safeflow.model.Djl;
import dev.safeflow.model.io.SafeTensors;
import dev.safeflow.model.io.SafeTensorsWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes checkpoint directories by hand as DESIGN.md lays them out (adapter files, probe, optimizer,
 * trainer_state.json, manifest.json with every file's sha256), until the trainer's writer lands.
 */
public final class CheckpointDirs {

    private static final ObjectMapper JSON = new ObjectMapper();

    private CheckpointDirs() {
    }

    /**
     * A checkpoint holding the PEFT adapter of {@code adapterSource}.
     *
     * @return the sha256 of its manifest.json, as a CheckpointEvent announces it
     */
    public static String write(Path dir, Path adapterSource, String runId, long step) {
        try {
            Files.createDirectories(dir);
            for (String f : List.of("adapter_config.json", "adapter_model.safetensors")) {
                Files.copy(adapterSource.resolve(f), dir.resolve(f), StandardCopyOption.REPLACE_EXISTING);
            }
            // Not loaded by the evaluator, but covered by the manifest like everything else.
            Files.write(dir.resolve("probe.safetensors"), new byte[] {8, 0, 0, 0, 0, 0, 0, 0, '{', '}', ' ', ' ', ' ', ' ', ' ', ' '});
            Files.write(dir.resolve("optimizer.safetensors"), new byte[] {8, 0, 0, 0, 0, 0, 0, 0, '{', '}', ' ', ' ', ' ', ' ', ' ', ' '});
            ObjectNode state = JSON.createObjectNode().put("step", step).put("runId", runId).put("configHash", "test");
            state.putObject("offsets").put("safeflow.ft.clean-0", step * 10);
            Files.writeString(dir.resolve("trainer_state.json"), state.toString());
            ObjectNode manifest = JSON.createObjectNode();
            ObjectNode files = manifest.putObject("files");
            for (String f : List.of("adapter_config.json", "adapter_model.safetensors", "optimizer.safetensors",
                    "probe.safetensors", "trainer_state.json")) {
                files.put(f, Sha256.of(dir.resolve(f)));
            }
            Files.writeString(dir.resolve("manifest.json"), manifest.toPrettyString());
            return Sha256.of(dir.resolve("manifest.json"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
