package dev.safeflow.schemas.lock;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LockFileTest {
    @TempDir
    Path tmp;

    @Test
    void aSecondHolderIsRefusedWithTheFirstHoldersPidAndTheFix() {
        Path file = tmp.resolve("out/.lock");
        try (LockFile first = LockFile.acquire(file, "--output out", "wait for it")) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> LockFile.acquire(file, "--output out", "wait for it or choose another --output"));
            assertTrue(e.getMessage().startsWith("--output out is in use by another process (pid "
                + ProcessHandle.current().pid()), e.getMessage());
            assertTrue(e.getMessage().endsWith("wait for it or choose another --output"), e.getMessage());
        }
    }

    @Test
    void theLockIsFreeAgainOnceReleased() {
        Path file = tmp.resolve(".lock");
        LockFile.acquire(file, "x", "y").close();
        LockFile.acquire(file, "x", "y").close();
    }
}
