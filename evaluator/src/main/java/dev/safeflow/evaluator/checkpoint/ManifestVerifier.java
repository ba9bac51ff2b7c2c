package dev.safeflow.evaluator.checkpoint;

import dev.safeflow.trainer.Hashing;
import dev.safeflow.trainer.checkpoint.CheckpointException;
import dev.safeflow.trainer.checkpoint.CheckpointStore;
import dev.safeflow.trainer.step.LearnerState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Checks a checkpoint directory before anything in it is loaded (DESIGN.md): the manifest is the one
 * the event announced, no entry leaves the directory, every listed file matches its sha256 (the
 * trainer's {@link CheckpointStore#open}, so the format has one implementation), the adapter files are
 * listed, and no unlisted file was slipped in beside them.
 */
public final class ManifestVerifier {

    /** What the evaluator loads from a checkpoint; a manifest that omits them cannot vouch for them. */
    static final List<String> REQUIRED = List.of("adapter_config.json", LearnerState.ADAPTER);

    private ManifestVerifier() {
    }

    /** @param expectedManifestSha256 the event's {@code manifestSha256}; blank skips that check */
    public static Verification verify(Path dir, String expectedManifestSha256) {
        Path manifestFile = dir.resolve(CheckpointStore.MANIFEST);
        if (!Files.isDirectory(dir)) {
            return new Verification(List.of("checkpoint directory " + dir + " does not exist"));
        }
        if (!Files.isRegularFile(manifestFile)) {
            return new Verification(List.of(CheckpointStore.MANIFEST + " is missing"));
        }
        List<String> problems = new ArrayList<>();
        String actual = Hashing.sha256(manifestFile);
        if (!expectedManifestSha256.isBlank() && !actual.equalsIgnoreCase(expectedManifestSha256)) {
            problems.add(CheckpointStore.MANIFEST + " has sha256 " + actual + " but the checkpoint event announced "
                + expectedManifestSha256);
        }
        Manifest manifest;
        try {
            manifest = Manifest.read(manifestFile);
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
            return new Verification(problems);
        }
        Path root = dir.toAbsolutePath().normalize();
        for (String name : manifest.files()) {
            Path file = root.resolve(name).normalize();
            if (!file.startsWith(root) || file.equals(root)) {
                problems.add("manifest entry " + name + " points outside the checkpoint directory");
            }
        }
        if (!problems.isEmpty()) {
            return new Verification(problems); // never hash a file outside the directory
        }
        try {
            CheckpointStore.open(dir);
        } catch (CheckpointException e) {
            problems.add(e.getMessage());
        }
        for (String required : REQUIRED) {
            if (!manifest.files().contains(required)) {
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
                .filter(rel -> !rel.equals(CheckpointStore.MANIFEST) && !manifest.files().contains(rel))
                .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list checkpoint directory " + root + ": " + e.getMessage(), e);
        }
    }
}
