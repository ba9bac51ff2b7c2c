package dev.safeflow.evaluator.checkpoint;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Checks a checkpoint directory before anything in it is loaded (DESIGN.md): the manifest's own
 * sha256 matches the event's, every listed file exists inside the directory with its listed sha256,
 * the adapter files are among them, and no unlisted file was slipped in beside them.
 */
public final class ManifestVerifier {

    /** What the evaluator loads from a checkpoint; a manifest that omits them cannot vouch for them. */
    static final List<String> REQUIRED = List.of("adapter_config.json", "adapter_model.safetensors");

    private ManifestVerifier() {
    }

    /** @param expectedManifestSha256 the event's {@code manifestSha256}; blank skips that check */
    public static Verification verify(Path dir, String expectedManifestSha256) {
        List<String> problems = new ArrayList<>();
        Path manifestFile = dir.resolve(Manifest.FILE);
        if (!Files.isDirectory(dir)) {
            return new Verification(List.of("checkpoint directory " + dir + " does not exist"));
        }
        if (!Files.isRegularFile(manifestFile)) {
            return new Verification(List.of(Manifest.FILE + " is missing"));
        }
        String actual = Sha256.of(manifestFile);
        if (!expectedManifestSha256.isBlank() && !actual.equalsIgnoreCase(expectedManifestSha256)) {
            problems.add(Manifest.FILE + " has sha256 " + actual + " but the checkpoint event announced " + expectedManifestSha256);
        }
        Manifest manifest;
        try {
            manifest = Manifest.read(manifestFile);
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
            return new Verification(problems);
        }
        Path root = dir.toAbsolutePath().normalize();
        for (Map.Entry<String, String> e : manifest.sha256ByPath().entrySet()) {
            Path file = root.resolve(e.getKey()).normalize();
            if (!file.startsWith(root) || file.equals(root)) {
                problems.add("manifest entry " + e.getKey() + " points outside the checkpoint directory");
            } else if (!Files.isRegularFile(file)) {
                problems.add(e.getKey() + " is missing");
            } else if (!Sha256.of(file).equalsIgnoreCase(e.getValue())) {
                problems.add(e.getKey() + " does not match its sha256 in the manifest (tampered or corrupt)");
            }
        }
        for (String required : REQUIRED) {
            if (!manifest.sha256ByPath().containsKey(required)) {
                problems.add(required + " is not listed in the manifest");
            }
        }
        for (String extra : unlisted(root, manifest)) {
            problems.add(extra + " is not listed in the manifest");
        }
        return new Verification(problems);
    }

    private static List<String> unlisted(Path root, Manifest manifest) {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile)
                .map(p -> root.relativize(p).toString().replace('\\', '/'))
                .filter(rel -> !rel.equals(Manifest.FILE) && !manifest.sha256ByPath().containsKey(rel))
                .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list checkpoint directory " + root + ": " + e.getMessage(), e);
        }
    }
}
