package dev.safeflow.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The work directories of {@code demo} and the benchmarks, which empty them before a run. A directory is emptied
 * only when it is ours: absent, empty, or holding the marker file a previous run left. So a mistyped
 * {@code --work-dir} (a home directory, a checkout) is refused instead of deleted.
 */
public final class WorkDirs {
    /** The file that marks a directory as a safeflow work directory, written when one is (re)created. */
    public static final String MARKER = ".safeflow-work-dir";

    private WorkDirs() {
    }

    /**
     * Empties {@code dir} (creating it when absent) and marks it as ours.
     *
     * @throws IllegalArgumentException when {@code dir} is a file, or a directory with files but no marker
     */
    public static Path reset(Path dir) throws IOException {
        Path abs = dir.toAbsolutePath().normalize();
        if (Files.exists(abs) && !isOurs(abs)) {
            throw new IllegalArgumentException("--work-dir " + abs + " holds files that safeflow did not write (no " + MARKER
                + "); pass a new or empty directory (one left by a safeflow older than 2026-12-02 has no marker: delete it once)");
        }
        delete(abs);
        Files.createDirectories(abs);
        Files.writeString(abs.resolve(MARKER), "made by safeflow; emptied at the start of each run that uses it\n");
        return abs;
    }

    /** Deletes {@code dir} and everything below it; nothing when it does not exist. */
    public static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static boolean isOurs(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        if (Files.isRegularFile(dir.resolve(MARKER))) {
            return true;
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        }
    }
}
