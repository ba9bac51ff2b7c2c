package dev.safeflow.ingest;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.safeflow.schemas.lock.LockFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * How far one input file has been ingested for one source: every line up to {@code line} is
 * acknowledged by the broker, and any record of this file written after that sits at or above
 * {@code raw}/{@code dlq} offsets per partition. {@code fingerprint} is the sha256 of the file's first
 * {@code fingerprintBytes}, its whole length when the checkpoint was first written: any edit to what was there
 * then is refused on resume, while a file that only grew by appends still resumes.
 */
public record ResumeCheckpoint(String input, String source, String dataset, String rawTopic, long line,
                               String fingerprint, long fingerprintBytes, Map<Integer, Long> raw, Map<Integer, Long> dlq) {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int READ_BUFFER = 1 << 20;

    /** The checkpoint files of one directory, one per (file, source, dataset, topic). */
    public record Store(Path dir) {
        public ResumeCheckpoint load(String input, String source, String dataset, String rawTopic) {
            Path file = path(input, source, dataset, rawTopic);
            if (!Files.exists(file)) {
                return null;
            }
            try {
                return JSON.readValue(file.toFile(), new TypeReference<ResumeCheckpoint>() { });
            } catch (IOException e) {
                throw new IllegalStateException("resume checkpoint " + file + " is unreadable (" + e.getMessage()
                    + "): delete it or pass --from-start to ingest " + input + " again from its first line", e);
            }
        }

        /** Written to a temporary file and renamed, so a crash leaves the old checkpoint or the new one. */
        public void save(ResumeCheckpoint checkpoint) {
            Path file = path(checkpoint.input(), checkpoint.source(), checkpoint.dataset(), checkpoint.rawTopic());
            try {
                Files.createDirectories(dir);
                Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
                Files.write(tmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(checkpoint));
                try {
                    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write resume checkpoint in " + dir + ": " + e.getMessage()
                    + " (set ingest.checkpoint-dir to a writable directory)", e);
            }
        }

        public void delete(String input, String source, String dataset, String rawTopic) {
            try {
                Files.deleteIfExists(path(input, source, dataset, rawTopic));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        Path path(String input, String source, String dataset, String rawTopic) {
            return dir.resolve(sha256((input + '\0' + source + '\0' + dataset + '\0' + rawTopic).getBytes(StandardCharsets.UTF_8))
                .substring(0, 32) + ".json");
        }
    }

    /**
     * sha256 of the first {@code bytes} of {@code file}, streamed (the file may have grown since); a file now
     * shorter than {@code bytes} was truncated and gets a fingerprint that matches nothing.
     */
    public static String fingerprint(Path file, long bytes) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[READ_BUFFER];
            long left = bytes;
            while (left > 0) {
                int n = in.read(buf, 0, (int) Math.min(buf.length, left));
                if (n < 0) {
                    return "truncated";
                }
                sha.update(buf, 0, n);
                left -= n;
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + " to check it against its resume checkpoint: "
                + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Held while one run ingests the input a checkpoint belongs to: two runs of one file would each resume from
     * the same line and write every record twice.
     */
    public static LockFile lock(Store store, String input, String source, String dataset, String rawTopic) {
        Path checkpoint = store.path(input, source, dataset, rawTopic);
        return LockFile.acquire(checkpoint.resolveSibling(checkpoint.getFileName() + ".lock"),
            "input " + input + " (source " + source + ")",
            "wait for that ingest to finish or stop it; the next run resumes where it left off");
    }

    private static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
