package dev.safeflow.schemas.lock;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * An exclusive lock on a file, held while one process works on something two must not share (a training
 * {@code --output}, the resume checkpoint of one ingested file). The operating system releases it when the
 * process ends, however it ends, so a {@code kill -9} never leaves a stale lock; the file itself stays and
 * holds a line naming the last holder, which is what a refused second process prints. Within one JVM a second
 * acquire is refused as well, but the JDK warns that closing any channel on a file may drop every lock the JVM
 * holds on it, so a process takes each lock once and keeps it until it is done.
 */
public final class LockFile implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private LockFile(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock on {@code file} for {@code what} (words for the other holder's error), or throws
     * {@link IllegalStateException} with one sentence naming the holder and {@code fix}.
     */
    public static LockFile acquire(Path file, String what, String fix) {
        FileChannel channel = null;
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null; // held by this very process, e.g. a second command run in one JVM
            }
            if (lock == null) {
                String holder = holder(channel);
                channel.close();
                throw new IllegalStateException(what + " is in use by another process (" + holder + ", lock " + file
                    + "): " + fix);
            }
            ProcessHandle self = ProcessHandle.current();
            String line = "pid " + self.pid() + " " + self.info().commandLine().map(LockFile::shorten).orElse("")
                + " since " + Instant.now();
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(line.strip().getBytes(StandardCharsets.UTF_8)), 0);
            channel.force(true);
            return new LockFile(channel, lock);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new IllegalStateException("cannot lock " + file + " for " + what + " (" + e.getMessage()
                + "): check that its directory is writable and the disk is not full", e);
        }
    }

    private static String holder(FileChannel channel) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(512);
        int n = channel.read(buf, 0);
        String text = n <= 0 ? "" : new String(buf.array(), 0, n, StandardCharsets.UTF_8).strip();
        return text.isEmpty() ? "holder unknown" : text;
    }

    private static String shorten(String commandLine) {
        return commandLine.length() > 160 ? commandLine.substring(0, 157) + "..." : commandLine;
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // the lock is released with the channel either way
            }
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException ignored) {
            // closing the channel below releases it too
        }
        closeQuietly(channel);
    }
}
