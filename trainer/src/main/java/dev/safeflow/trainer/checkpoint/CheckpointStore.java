package dev.safeflow.trainer.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.safeflow.trainer.Hashing;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checkpoint directories under one root, written as DESIGN.md says: into a temporary name, every
 * file fsynced, {@code manifest.json} with the sha256 of every file, the directory fsynced, then
 * renamed into place atomically. A directory without a valid manifest is never loaded.
 */
public final class CheckpointStore {

    public static final String MANIFEST = "manifest.json";
    public static final String STATE = "trainer_state.json";
    private static final Logger LOG = LoggerFactory.getLogger(CheckpointStore.class);
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path root;

    public CheckpointStore(Path root) {
        this.root = root;
    }

    public Path root() {
        return root;
    }

    /** Writes a checkpoint: {@code files} fills the directory, then state, manifest, fsync and rename. */
    public Checkpoint write(TrainerState state, Consumer<Path> files) {
        return write(state, "", files);
    }

    /**
     * As {@link #write(TrainerState, Consumer)}, with {@code suffix} after the id: a rollback checkpoint
     * shares its step with the rejected one it replaces and must not overwrite it.
     */
    public Checkpoint write(TrainerState state, String suffix, Consumer<Path> files) {
        Path target = root.resolve(state.checkpointId() + suffix);
        Path tmp = root.resolve(".tmp-" + state.checkpointId() + "-" + UUID.randomUUID());
        try {
            Files.createDirectories(tmp);
            files.accept(tmp);
            JSON.writeValue(tmp.resolve(STATE).toFile(), state);
            ObjectNode manifest = JSON.createObjectNode();
            manifest.put("checkpointId", state.checkpointId()).put("step", state.step());
            ObjectNode sums = manifest.putObject("files");
            try (Stream<Path> list = Files.list(tmp)) {
                for (Path f : list.sorted().toList()) {
                    fsync(f);
                    sums.put(f.getFileName().toString(), Hashing.sha256(f));
                }
            }
            JSON.writeValue(tmp.resolve(MANIFEST).toFile(), manifest);
            fsync(tmp.resolve(MANIFEST));
            fsync(tmp);
            if (Files.exists(target)) {
                deleteTree(target); // a stale or corrupt copy the loader already skipped
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            fsync(root);
            return new Checkpoint(target, state, Hashing.sha256(target.resolve(MANIFEST)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint " + target + ": " + e.getMessage()
                    + "; check that trainer.checkpoint-dir is writable and has space", e);
        }
    }

    /** The newest checkpoint whose manifest verifies; partial or corrupt ones are skipped with a warning. */
    public Optional<Checkpoint> latest() {
        if (!Files.isDirectory(root)) {
            return Optional.empty();
        }
        List<Path> dirs = new ArrayList<>();
        try (Stream<Path> list = Files.list(root)) {
            list.filter(Files::isDirectory).filter(p -> !p.getFileName().toString().startsWith(".")).forEach(dirs::add);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list checkpoints in " + root + ": " + e.getMessage(), e);
        }
        dirs.sort(Comparator.comparing((Path p) -> p.getFileName().toString()).reversed());
        List<Checkpoint> ok = new ArrayList<>();
        for (Path d : dirs) {
            try {
                ok.add(open(d));
            } catch (CheckpointException e) {
                LOG.warn("skipping checkpoint: {}", e.getMessage());
            }
        }
        return ok.stream().max(Comparator.comparingLong((Checkpoint c) -> c.state().step())
                .thenComparingLong(c -> c.state().createdAt()));
    }

    /** The checkpoint called {@code id} in this store, verified. */
    public Checkpoint find(String id) {
        return open(root.resolve(id));
    }

    /** Verifies {@code dir} against its manifest and reads its state. */
    public static Checkpoint open(Path dir) {
        Path manifestFile = dir.resolve(MANIFEST);
        if (!Files.isRegularFile(manifestFile)) {
            throw new CheckpointException(dir + " is not a complete checkpoint (no " + MANIFEST + "); it was cut off"
                    + " while being written: delete it or resume from an older checkpoint");
        }
        try {
            JsonNode manifest = JSON.readTree(manifestFile.toFile());
            JsonNode files = manifest.path("files");
            if (!files.isObject() || !files.has(STATE)) {
                throw new CheckpointException(manifestFile + " lists no " + STATE + "; the checkpoint is incomplete");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = files.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                Path f = dir.resolve(e.getKey());
                if (!Files.isRegularFile(f)) {
                    throw new CheckpointException(dir + " is missing " + e.getKey() + " that its manifest lists;"
                            + " the checkpoint is partial: delete it");
                }
                if (!Hashing.sha256(f).equals(e.getValue().asText())) {
                    throw new CheckpointException(f + " does not match the sha256 in " + MANIFEST
                            + "; the checkpoint is corrupt or was modified: delete it or restore it from a backup");
                }
            }
            TrainerState state = JSON.readValue(dir.resolve(STATE).toFile(), TrainerState.class);
            return new Checkpoint(dir, state, Hashing.sha256(manifestFile));
        } catch (IOException e) {
            throw new CheckpointException("cannot read checkpoint " + dir + ": " + e.getMessage());
        }
    }

    /** Removes temporary directories left by a writer that was killed. */
    public void cleanTemporaries() {
        if (!Files.isDirectory(root)) {
            return;
        }
        try (Stream<Path> list = Files.list(root)) {
            for (Path p : list.filter(p -> p.getFileName().toString().startsWith(".tmp-")).toList()) {
                deleteTree(p);
            }
        } catch (IOException e) {
            LOG.warn("cannot clean temporary checkpoints in {}: {}", root, e.getMessage());
        }
    }

    private static void fsync(Path p) throws IOException {
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }

    private static void deleteTree(Path p) throws IOException {
        try (Stream<Path> walk = Files.walk(p)) {
            for (Path f : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        }
    }
}
