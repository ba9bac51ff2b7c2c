package dev.safeflow.evaluator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.safeflow.evaluator.checkpoint.Sha256;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

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
