package dev.safeflow.http;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The names a browser-facing server answers to. A page on another site can make a browser resolve its
 * own name to 127.0.0.1 (DNS rebinding) and read this server as "same origin"; the one thing it cannot
 * change is the Host header, which then names the attacker's site. Loopback names are always allowed.
 */
final class HostAllowList {
    private static final List<String> LOOPBACK = List.of("localhost", "127.0.0.1", "::1", "[::1]");

    private final Set<String> names = new HashSet<>();

    HostAllowList(List<String> allowed) {
        names.addAll(LOOPBACK);
        allowed.forEach(n -> names.add(n.trim().toLowerCase(Locale.ROOT)));
    }

    /** Whether the Host header (with or without a port; null for HTTP/1.0) names this server. */
    boolean allows(String hostHeader) {
        if (hostHeader == null) {
            return false;
        }
        return names.contains(hostOf(hostHeader.trim().toLowerCase(Locale.ROOT)));
    }

    static String hostOf(String authority) {
        if (authority.startsWith("[")) {
            int close = authority.indexOf(']');
            return close < 0 ? authority : authority.substring(0, close + 1);
        }
        int colon = authority.indexOf(':');
        // More than one colon without brackets is a bare IPv6 address, not host:port.
        return colon < 0 || authority.indexOf(':', colon + 1) >= 0 ? authority : authority.substring(0, colon);
    }
}
