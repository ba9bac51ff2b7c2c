package dev.safeflow.auditor;

import dev.safeflow.schemas.control.ControlSigner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;

/** A fresh control signing key in a temporary file, as {@code openssl rand -hex 32 > key} would write it. */
final class ControlKeys {
    private ControlKeys() {
    }

    static Map<String, String> testKey() {
        try {
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            Path file = Files.createTempFile("control-key", ".hex");
            Files.writeString(file, HexFormat.of().formatHex(key) + "\n");
            return Map.of(ControlSigner.SIGNING_KEY_FILE.name(), file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
