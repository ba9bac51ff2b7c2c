package dev.safeflow.auditor;

import dev.safeflow.avro.ChatMessage;
import dev.safeflow.avro.FineTuneRecord;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * sha256 of a record's conversation (roles and texts, in order). Ids, sources and metadata are left
 * out on purpose: a replay under a new id or from another source is still the same training example.
 */
public final class ContentHash {
    /** One digest per thread: looking one up costs a provider search per record. */
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    });

    private ContentHash() {
    }

    public static String of(FineTuneRecord record) {
        MessageDigest sha = SHA256.get();
        sha.reset();
        for (ChatMessage m : record.getMessages()) {
            sha.update(m.getRole().getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(m.getContent().strip().getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 1);
        }
        return HexFormat.of().formatHex(sha.digest());
    }
}
