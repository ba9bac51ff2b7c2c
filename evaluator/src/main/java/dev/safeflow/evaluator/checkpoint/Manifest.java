package dev.safeflow.evaluator.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.safeflow.trainer.checkpoint.CheckpointStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The file names a checkpoint's {@code manifest.json} lists under {@code files}. Hashing and checking
 * them is the trainer's {@link CheckpointStore#open}; the evaluator needs the names besides, to refuse
 * entries that leave the directory, files nobody listed, and a manifest that omits the adapter.
 */
record Manifest(List<String> files) {

    private static final ObjectMapper JSON = new ObjectMapper();

    Manifest {
        files = List.copyOf(files);
    }

    /** @throws IllegalArgumentException naming the file when it is not a manifest */
    static Manifest read(Path file) {
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new IllegalArgumentException(file + " is not valid JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
        JsonNode files = root == null ? null : root.get("files");
        if (files == null || !files.isObject() || files.isEmpty()) {
            throw new IllegalArgumentException(file + " lists no files; a checkpoint manifest maps every file to its"
                + " sha256 under \"files\"");
        }
        List<String> names = new ArrayList<>();
        files.fieldNames().forEachRemaining(names::add);
        return new Manifest(names);
    }

    /** The {@code checkpointId} a manifest declares; empty when it has none or is not JSON. */
    static String checkpointId(Path file) {
        try {
            JsonNode root = JSON.readTree(file.toFile());
            return root == null ? "" : root.path("checkpointId").asText("");
        } catch (IOException e) {
            return "";
        }
    }
}
