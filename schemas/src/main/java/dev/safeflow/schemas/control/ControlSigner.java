package dev.safeflow.schemas.control;

import dev.safeflow.avro.CheckpointEvent;
import dev.safeflow.avro.PromotionDecision;
import dev.safeflow.avro.SourceBlock;
import dev.safeflow.schemas.config.ConfigKey;
import dev.safeflow.schemas.config.Settings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs and checks control events (blocks and unblocks, checkpoint events, promotions) with HMAC-SHA256 over
 * their {@link ControlEncoding canonical encoding}. Whoever holds the key can write control events that every
 * receiver accepts; the {@code actor} field is only what that holder says about itself. Without a key
 * ({@link #UNSIGNED}) events are written unsigned and every check passes: receivers warn about that at start.
 */
public final class ControlSigner {
    public static final ConfigKey<String> SIGNING_KEY_FILE = ConfigKey.of("control.signing-key-file", ConfigKey.Type.STRING,
        "", "File holding the HMAC key that signs and checks control events (blocks, checkpoint events, promotions), "
            + "at least 32 characters, e.g. from 'openssl rand -hex 32'; empty: control events are unauthenticated");
    public static final ConfigKey<String> ACTOR = ConfigKey.of("control.actor", ConfigKey.Type.STRING,
        "", "Name this process signs its control events as (default: the service, or cli:<user> for commands); "
            + "informational: the key is the identity");
    public static final List<ConfigKey<?>> KEYS = List.of(SIGNING_KEY_FILE, ACTOR);
    /** Shortest key accepted: 32 characters of 'openssl rand -hex 32' hold 128 bits. */
    public static final int MIN_KEY_LENGTH = 32;
    public static final ControlSigner UNSIGNED = new ControlSigner(null, "");

    private static final String ALGORITHM = "HmacSHA256";
    private final SecretKeySpec key;
    private final String actor;

    private ControlSigner(byte[] key, String actor) {
        this.key = key == null ? null : new SecretKeySpec(key, ALGORITHM);
        this.actor = actor;
    }

    /** The signer configured by {@link #SIGNING_KEY_FILE}; {@code defaultActor} when {@link #ACTOR} is empty. */
    public static ControlSigner from(Settings settings, String defaultActor) {
        String file = settings.get(SIGNING_KEY_FILE);
        String actor = settings.get(ACTOR).isBlank() ? defaultActor : settings.get(ACTOR);
        return file.isBlank() ? new ControlSigner(null, actor) : new ControlSigner(readKey(Path.of(file)), actor);
    }

    /** A signer over the given key text (as a key file would hold it). */
    public static ControlSigner ofKey(String keyText, String actor) {
        return new ControlSigner(checked(keyText.strip(), "the given key"), actor);
    }

    /**
     * Makes {@code file} hold a fresh random key (32 bytes as hex, readable by its owner only) unless it holds one
     * already; the local platform and the demo call this so that their default run is signed.
     */
    public static Path ensureKeyFile(Path file) {
        try {
            if (Files.isRegularFile(file)) {
                readKey(file);
                return file;
            }
            Files.createDirectories(file.toAbsolutePath().getParent());
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.deleteIfExists(tmp);
            Files.createFile(tmp);
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: the directory's permissions protect it
            }
            Files.writeString(tmp, HexFormat.of().formatHex(key) + "\n", StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
            return file;
        } catch (IOException e) {
            throw new IllegalStateException("cannot write a control signing key to " + file + " (" + e.getMessage()
                + "): make the directory writable or create one with 'openssl rand -hex 32 > " + file + "'", e);
        }
    }

    static byte[] readKey(Path file) {
        try {
            return checked(Files.readString(file, StandardCharsets.UTF_8).strip(), file.toString());
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the control signing key " + file + " (" + e.getMessage()
                + "): set control.signing-key-file to a readable file, e.g. made with 'openssl rand -hex 32 > " + file + "'");
        }
    }

    private static byte[] checked(String text, String where) {
        if (text.length() < MIN_KEY_LENGTH) {
            throw new IllegalArgumentException("the control signing key in " + where + " has " + text.length()
                + " characters, fewer than " + MIN_KEY_LENGTH + ": make one with 'openssl rand -hex 32'");
        }
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** What a receiver prints at start when no key is configured. */
    public static final String UNAUTHENTICATED_WARNING = "WARNING: control events are unauthenticated (control.signing-key-file "
        + "is not set): anyone who can write to Kafka can block or unblock sources and get checkpoints promoted; "
        + "see docs/security.md";

    public boolean enabled() {
        return key != null;
    }

    public String actor() {
        return actor;
    }

    public SourceBlock sign(SourceBlock b) {
        SourceBlock out = SourceBlock.newBuilder(b).setActor(actor.isBlank() ? b.getActor() : actor).setSignature("").build();
        out.setSignature(mac(ControlEncoding.of(out)));
        return out;
    }

    public CheckpointEvent sign(CheckpointEvent e) {
        CheckpointEvent out = CheckpointEvent.newBuilder(e).setActor(actor.isBlank() ? e.getActor() : actor).setSignature("").build();
        out.setSignature(mac(ControlEncoding.of(out)));
        return out;
    }

    public PromotionDecision sign(PromotionDecision d) {
        PromotionDecision out = PromotionDecision.newBuilder(d).setActor(actor.isBlank() ? d.getActor() : actor)
            .setSignature("").build();
        out.setSignature(mac(ControlEncoding.of(out)));
        return out;
    }

    /** Null when {@code b} may be acted on; otherwise why not, in words for an alert. */
    public String problem(SourceBlock b) {
        return problem(ControlEncoding.of(b), b.getSignature());
    }

    public String problem(CheckpointEvent e) {
        return problem(ControlEncoding.of(e), e.getSignature());
    }

    public String problem(PromotionDecision d) {
        return problem(ControlEncoding.of(d), d.getSignature());
    }

    private String problem(byte[] canonical, String signature) {
        if (key == null) {
            return null;
        }
        if (signature == null || signature.isEmpty()) {
            return "unsigned, but control.signing-key-file is set: only holders of the key may write control events";
        }
        byte[] given;
        try {
            given = HexFormat.of().parseHex(signature);
        } catch (IllegalArgumentException e) {
            return "its signature is not hex";
        }
        // Constant time, so the comparison does not reveal how much of a forged signature was right.
        return MessageDigest.isEqual(given, HexFormat.of().parseHex(mac(canonical)))
            ? null : "bad signature: it was not signed with this control.signing-key-file, or was changed after signing";
    }

    private String mac(byte[] canonical) {
        if (key == null) {
            return "";
        }
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return HexFormat.of().formatHex(mac.doFinal(canonical));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JVM has " + ALGORITHM, e);
        }
    }
}
