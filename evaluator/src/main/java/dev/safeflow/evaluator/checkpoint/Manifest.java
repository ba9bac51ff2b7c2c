package dev.safeflow.evaluator.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * A checkpoint's {@code manifest.json}: the sha256 of every other file in the directory (DESIGN.md),
 * by path relative to the directory.
 *
 * <p>Reads the sha256 map under {@code files} (a map, or a list of {@code {path, sha256}}) or under
 * {@code sha256}, as the testbed's world manifest writes it. TODO(trainer): replace with the trainer's
 * manifest reader once its checkpoint writer lands, so the format has one implementation.
 */
public record Manifest(Map<String, String> sha256ByPath) {

    public static final String FILE = "manifest.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    public Manifest {
        sha256ByPath = Map.copyOf(sha256ByPath);
    }

    /** @throws IllegalArgumentException naming the file when it is not a manifest */
    public static Manifest read(Path file) {
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new IllegalArgumentException(file + " is not valid JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
        Map<String, String> sums = new TreeMap<>();
        JsonNode files = root.has("files") ? root.get("files") : root.path("sha256");
        if (files.isObject()) {
            files.fields().forEachRemaining(f -> sums.put(f.getKey(), f.getValue().asText()));
        } else if (files.isArray()) {
            for (JsonNode f : files) {
                sums.put(f.path("path").asText(), f.path("sha256").asText());
            }
        }
        if (sums.isEmpty()) {
            throw new IllegalArgumentException(file + " lists no files; a checkpoint manifest maps every file to its sha256"
                + " under \"files\"");
        }
        return new Manifest(sums);
    }
}
