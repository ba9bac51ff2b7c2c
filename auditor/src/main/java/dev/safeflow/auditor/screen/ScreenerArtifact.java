package dev.safeflow.auditor.screen;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.safeflow.schemas.config.ConfigKey;
import dev.safeflow.schemas.config.ConfigKey.Type;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The fitted classifiers of the screeners, written once by {@code safeflow auditor fit} and loaded at
 * start-up. A directory holding {@code artifact.json} (format version, when and on what it was fitted,
 * exemplar counts per label, category and language, and the sha256 of every part) and one file per
 * part. A part whose bytes do not match their recorded sha256 is refused: a classifier silently
 * swapped or truncated would change what reaches the trainer.
 */
public final class ScreenerArtifact {
    public static final int FORMAT = 1;
    public static final String MANIFEST = "artifact.json";
    /** The artifact fitted on the bundled exemplars, shipped in the jar. */
    public static final String BUNDLED = "/dev/safeflow/auditor/artifact/";
    public static final ConfigKey<String> DIR = ConfigKey.of("auditor.artifact", Type.STRING, "",
        "Directory written by 'safeflow auditor fit' with the fitted screener classifiers; empty for the bundled artifact");
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** What was fitted on what; the parts' files are named in {@code parts} with their sha256. */
    public record Manifest(int format, String fittedOn, String exemplars, String exemplarsSha256, int exemplarCount,
                           Map<String, Integer> byLabel, Map<String, Integer> byCategory, Map<String, Integer> byLanguage,
                           Map<String, Part> parts) {
    }

    /** @param info what a part was fitted against, e.g. the target model's fingerprint */
    public record Part(String file, String sha256, Map<String, String> info) {
    }

    private final String origin;
    private final Manifest manifest;
    private final Map<String, byte[]> parts;

    private ScreenerArtifact(String origin, Manifest manifest, Map<String, byte[]> parts) {
        this.origin = origin;
        this.manifest = manifest;
        this.parts = parts;
    }

    public Manifest manifest() {
        return manifest;
    }

    public String origin() {
        return origin;
    }

    /** The bytes of part {@code name}, or a sentence saying how to get an artifact that has it. */
    public byte[] part(String name) {
        byte[] bytes = parts.get(name);
        if (bytes == null) {
            throw new IllegalArgumentException("artifact " + origin + " has no '" + name + "' classifier: refit it with "
                + "'safeflow auditor fit'" + (name.equals("hidden-state") ? " --model DIR" : "") + " or drop " + name + " from auditor.screeners");
        }
        return bytes;
    }

    public Part partInfo(String name) {
        return manifest.parts().get(name);
    }

    /** The artifact named by {@code auditor.artifact}, or the bundled one. */
    public static ScreenerArtifact load(String dir) {
        return dir.isEmpty() ? bundled() : load(Path.of(dir));
    }

    public static ScreenerArtifact bundled() {
        return read(BUNDLED + " (bundled)", name -> ScreenerArtifact.class.getResourceAsStream(BUNDLED + name));
    }

    public static ScreenerArtifact load(Path dir) {
        if (!Files.isRegularFile(dir.resolve(MANIFEST))) {
            throw new IllegalArgumentException("artifact directory " + dir + " has no " + MANIFEST
                + ": point auditor.artifact at a directory written by 'safeflow auditor fit --output DIR'");
        }
        return read(dir.toString(), name -> Files.newInputStream(dir.resolve(name)));
    }

    private interface Opener {
        InputStream open(String name) throws IOException;
    }

    private static ScreenerArtifact read(String origin, Opener opener) {
        Manifest manifest;
        try (InputStream in = opener.open(MANIFEST)) {
            if (in == null) {
                throw new IllegalStateException("artifact " + origin + " is missing its " + MANIFEST);
            }
            manifest = JSON.readValue(in, Manifest.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("artifact " + origin + ": " + MANIFEST + " is not valid (" + e.getMessage()
                .lines().findFirst().orElse("") + "); refit with 'safeflow auditor fit'");
        }
        if (manifest.format() != FORMAT) {
            throw new IllegalArgumentException("artifact " + origin + " has format " + manifest.format() + ", this auditor reads "
                + FORMAT + "; refit it with this version's 'safeflow auditor fit'");
        }
        Map<String, byte[]> parts = new LinkedHashMap<>();
        for (Map.Entry<String, Part> e : manifest.parts().entrySet()) {
            byte[] bytes;
            try (InputStream in = opener.open(e.getValue().file())) {
                if (in == null) {
                    throw new IOException("missing");
                }
                bytes = in.readAllBytes();
            } catch (IOException ex) {
                throw new IllegalArgumentException("artifact " + origin + ": part file " + e.getValue().file()
                    + " cannot be read; restore it or refit with 'safeflow auditor fit'");
            }
            String actual = sha256(bytes);
            if (!actual.equals(e.getValue().sha256())) {
                throw new IllegalArgumentException("artifact " + origin + ": " + e.getValue().file() + " has sha256 " + actual
                    + " but " + MANIFEST + " records " + e.getValue().sha256()
                    + ", so it was changed after fitting; restore it or refit with 'safeflow auditor fit'");
            }
            parts.put(e.getKey(), bytes);
        }
        return new ScreenerArtifact(origin, manifest, parts);
    }

    /** Writes parts and manifest to {@code dir} (created if missing); the manifest last, so a crash leaves no valid artifact half-written. */
    public static Manifest write(Path dir, Manifest base, Map<String, byte[]> partBytes, Map<String, Map<String, String>> info)
        throws IOException {
        Files.createDirectories(dir);
        Map<String, Part> parts = new TreeMap<>();
        for (Map.Entry<String, byte[]> e : partBytes.entrySet()) {
            String file = e.getKey() + ".bin";
            Files.write(dir.resolve(file), e.getValue());
            parts.put(e.getKey(), new Part(file, sha256(e.getValue()), info.getOrDefault(e.getKey(), Map.of())));
        }
        Manifest manifest = new Manifest(FORMAT, base.fittedOn(), base.exemplars(), base.exemplarsSha256(), base.exemplarCount(),
            base.byLabel(), base.byCategory(), base.byLanguage(), parts);
        Path tmp = dir.resolve(MANIFEST + ".tmp");
        JSON.writeValue(tmp.toFile(), manifest);
        Files.move(tmp, dir.resolve(MANIFEST), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return manifest;
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
