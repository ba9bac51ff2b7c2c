package dev.safeflow.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkDirsTest {

    @Test
    void anAbsentDirectoryIsCreatedAndMarked(@TempDir Path tmp) throws Exception {
        Path dir = WorkDirs.reset(tmp.resolve("a/b"));
        assertEquals(List.of(dir.resolve(WorkDirs.MARKER)), list(dir));
    }

    @Test
    void aMarkedDirectoryIsEmptiedOnTheNextRun(@TempDir Path tmp) throws Exception {
        Path dir = WorkDirs.reset(tmp.resolve("work"));
        Files.createDirectories(dir.resolve("platform/logs"));
        Files.writeString(dir.resolve("platform/logs/x.log"), "old run");
        WorkDirs.reset(dir);
        assertEquals(List.of(dir.resolve(WorkDirs.MARKER)), list(dir));
    }

    @Test
    void aDirectoryWithOtherFilesIsRefusedAndLeftAsItWas(@TempDir Path tmp) throws Exception {
        Path precious = Files.writeString(tmp.resolve("notes.txt"), "keep me");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> WorkDirs.reset(tmp));
        assertTrue(e.getMessage().contains("holds files that safeflow did not write"), e.getMessage());
        assertEquals("keep me", Files.readString(precious));
        assertFalse(Files.exists(tmp.resolve(WorkDirs.MARKER)));
    }

    @Test
    void aFileIsNotAWorkDirectory(@TempDir Path tmp) throws Exception {
        Path file = Files.writeString(tmp.resolve("f"), "x");
        assertThrows(IllegalArgumentException.class, () -> WorkDirs.reset(file));
        assertEquals("x", Files.readString(file));
    }

    private static List<Path> list(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }
}
