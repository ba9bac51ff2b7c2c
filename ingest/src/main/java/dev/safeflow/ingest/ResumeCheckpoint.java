package dev.safeflow.ingest;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
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
 * {@code raw}/{@code dlq} offsets per partition. {@code fingerprint} (sha256 of the file's first
 * {@code fingerprintBytes}) tells a changed file from the same file grown by appends.
 */
public record ResumeCheckpoint(String input, String source, String dataset, String rawTopic, long line,
                               String fingerprint, long fingerprintBytes, Map<Integer, Long> raw, Map<Integer, Long> dlq) {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final int FINGERPRINT_BYTES = 64 * 1024;

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

    /** sha256 of the first {@code bytes} of {@code file}; the file may have grown since. */
    public static String fingerprint(Path file, long bytes) {
        try (InputStream in = Files.newInputStream(file)) {
            return sha256(in.readNBytes((int) Math.min(bytes, FINGERPRINT_BYTES)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
