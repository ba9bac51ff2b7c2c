package dev.safeflow.ingest.http;

import dev.safeflow.schemas.identity.SourceName;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Which bearer token may send as which sources. A token is an identity: without grants, any holder
 * could send as another team and get alerts or an automatic block raised against it. Sources are
 * compared in their canonical form ({@link SourceName#normalise}), so a look-alike spelling of a
 * granted source is the granted source, and an invalid name is never granted.
 */
public final class TokenGrants {
    /** The grant that allows every source. */
    public static final String ANY = "*";

    /** One token and its canonical sources; {@code any} for {@value #ANY}. */
    private record Grant(byte[] header, Set<String> sources, boolean any) {
    }

    private final List<Grant> grants;

    private TokenGrants(List<Grant> grants) {
        this.grants = List.copyOf(grants);
    }

    /**
     * From {@code ingest.http.tokens} ({@code TOKEN=SOURCE|SOURCE,TOKEN=*}) and the older single
     * {@code ingest.http.token}, which always allowed any source and still does.
     */
    public static TokenGrants parse(String tokens, String anySourceToken) {
        List<Grant> out = new ArrayList<>();
        if (anySourceToken != null && !anySourceToken.isBlank()) {
            out.add(grant(anySourceToken.trim(), Set.of(), true));
        }
        if (tokens != null && !tokens.isBlank()) {
            for (String entry : tokens.split(",")) {
                int eq = entry.indexOf('=');
                if (eq <= 0 || entry.substring(eq + 1).isBlank()) {
                    throw new IllegalArgumentException("ingest.http.tokens entry '" + mask(entry) + "' is not TOKEN=SOURCE|SOURCE"
                        + " (use * for every source)");
                }
                String token = entry.substring(0, eq).trim();
                Set<String> sources = new LinkedHashSet<>();
                boolean any = false;
                for (String source : entry.substring(eq + 1).split("\\|")) {
                    if (source.trim().equals(ANY)) {
                        any = true;
                    } else {
                        sources.add(canonical(source, token));
                    }
                }
                out.add(grant(token, sources, any));
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("ingest serve needs a bearer token: set ingest.http.tokens"
                + " (TOKEN=SOURCE|SOURCE, e.g. --set ingest.http.tokens=s3cret=team-a) or ingest.http.token");
        }
        return new TokenGrants(out);
    }

    /** What a request with {@code authorization} (the header, may be null) may do. */
    public Caller caller(String authorization) {
        byte[] given = authorization == null ? new byte[0] : authorization.trim().getBytes(StandardCharsets.UTF_8);
        Grant found = null;
        // Every grant is compared, so the time taken does not tell which token nearly matched.
        for (Grant g : grants) {
            if (MessageDigest.isEqual(g.header(), given) && found == null) {
                found = g;
            }
        }
        return new Caller(found);
    }

    /** The holder of a token, or nobody ({@link #known()} false). */
    public static final class Caller {
        private final Grant grant;

        private Caller(Grant grant) {
            this.grant = grant;
        }

        public boolean known() {
            return grant != null;
        }

        /** Whether this token may send as {@code canonicalSource}. */
        public boolean may(String canonicalSource) {
            return grant != null && (grant.any() || grant.sources().contains(canonicalSource));
        }
    }

    private static Grant grant(String token, Set<String> sources, boolean any) {
        if (token.isEmpty() || token.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("an ingest token must be non-empty and contain no white space");
        }
        return new Grant(("Bearer " + token).getBytes(StandardCharsets.UTF_8), Set.copyOf(sources), any);
    }

    private static String canonical(String source, String token) {
        try {
            return SourceName.normalise(source);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("ingest.http.tokens grants token " + mask(token) + " an invalid source: "
                + e.getMessage());
        }
    }

    /** Tokens are secrets: error messages show only their first characters. */
    private static String mask(String text) {
        String t = text.trim();
        return (t.length() <= 3 ? t : t.substring(0, 3)) + "…";
    }
}
