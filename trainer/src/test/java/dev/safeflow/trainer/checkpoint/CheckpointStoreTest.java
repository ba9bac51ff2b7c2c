package dev.safeflow.trainer.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointStoreTest {

    static TrainerState state(long step) {
        return new TrainerState(step, "run", "hash", "sft", "base", 1,
                List.of(new TrainerState.Offset("t", 0, 10 * step)), step, step, Map.of("task_loss", 1.5), null, step);
    }

    static Checkpoint write(CheckpointStore store, long step) {
        return store.write(state(step), dir -> {
            try {
                Files.writeString(dir.resolve("adapter_model.safetensors"), "weights " + step);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    @Test
    void checkpointHasAManifestWithTheSha256OfEveryFileAndItsOffsets(@TempDir Path root) throws Exception {
        Checkpoint c = write(new CheckpointStore(root), 3);
        var manifest = new ObjectMapper().readTree(c.dir().resolve("manifest.json").toFile());
        assertEquals(2, manifest.path("files").size());
        assertTrue(manifest.path("files").has("trainer_state.json"));
        assertEquals("run-step-00000003", c.id());
        assertEquals(30, CheckpointStore.open(c.dir()).state().offsets().get(0).nextOffset());
        assertEquals(64, c.manifestSha256().length());
    }

    @Test
    void loaderPicksTheNewestCompleteCheckpointAndSkipsCorruptAndPartialOnes(@TempDir Path root) throws Exception {
        CheckpointStore store = new CheckpointStore(root);
        write(store, 1);
        write(store, 2);
        Checkpoint corrupt = write(store, 3);
        Files.writeString(corrupt.dir().resolve("adapter_model.safetensors"), "bit flip");
        Checkpoint partial = write(store, 4);
        Files.delete(partial.dir().resolve("manifest.json"));
        Files.createDirectories(root.resolve(".tmp-run-step-00000005-x"));
        assertEquals(2, store.latest().orElseThrow().state().step());

        var e = assertThrows(CheckpointException.class, () -> CheckpointStore.open(corrupt.dir()));
        assertTrue(e.getMessage().contains("does not match the sha256"), e.getMessage());
        e = assertThrows(CheckpointException.class, () -> CheckpointStore.open(partial.dir()));
        assertTrue(e.getMessage().contains("not a complete checkpoint"), e.getMessage());
        store.cleanTemporaries();
        assertTrue(Files.notExists(root.resolve(".tmp-run-step-00000005-x")));
    }

    @Test
    void emptyStoreHasNoCheckpoint(@TempDir Path root) {
        assertTrue(new CheckpointStore(root.resolve("none")).latest().isEmpty());
    }
}
