package dev.safeflow.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;

/**
 * HTTP basic credentials a route requires, compared in constant time. Only as safe as the channel:
 * behind TLS (a proxy) or on loopback.
 */
public record BasicAuth(String user, String password) {

    public BasicAuth {
        if (user == null || user.isEmpty() || user.contains(":") || password == null || password.isEmpty()) {
            throw new IllegalArgumentException("basic auth needs user:password with a non-empty user (no colon) and password");
        }
    }

    /** {@code user:password}, the form the {@code *.basic-auth} settings take. */
    public static BasicAuth parse(String userColonPassword, String settingName) {
        int colon = userColonPassword == null ? -1 : userColonPassword.indexOf(':');
        if (colon <= 0 || colon == userColonPassword.length() - 1) {
            throw new IllegalArgumentException(settingName + " must be user:password (both non-empty)");
        }
        return new BasicAuth(userColonPassword.substring(0, colon), userColonPassword.substring(colon + 1));
    }

    /** The Authorization header value a client sends. */
    public String header() {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** Whether {@code authorization} (the header, may be null) carries these credentials. */
    public boolean accepts(String authorization) {
        if (authorization == null) {
            return false;
        }
        return MessageDigest.isEqual(header().getBytes(StandardCharsets.UTF_8),
            authorization.trim().getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "BasicAuth[" + user + ":***]";
    }
}
