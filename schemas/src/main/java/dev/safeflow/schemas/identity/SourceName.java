package dev.safeflow.schemas.identity;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The one canonical form of a source name, used wherever a source identifies: at ingest, in token grants, in
 * block lists and in the auditor's per-source state. Two spellings that a person would read as the same name
 * map to the same canonical name, and anything that could only be there to deceive is refused:
 *
 * <ol>
 *   <li>Unicode NFKC (full-width letters, ligatures and compatibility forms become their plain letters);</li>
 *   <li>format characters (zero-width spaces and joiners, bidirectional overrides, soft hyphens) removed;</li>
 *   <li>every dash-punctuation character (U+2010 hyphen, en and em dash …) and the minus sign becomes {@code -};</li>
 *   <li>surrounding white space trimmed, case folded to lower case (root locale);</li>
 *   <li>the result must match {@value #ALPHABET}: lower-case ASCII letters, digits, {@code .}, {@code _} and
 *       {@code -}, starting with a letter or digit, at most {@value #MAX_LENGTH} characters.</li>
 * </ol>
 *
 * The alphabet is ASCII on purpose: letters from other scripts that look like Latin ones (Cyrillic о, е, Greek
 * ο) cannot be folded safely, so a name that contains them is refused rather than stored as a look-alike of
 * another team's name. Path separators, control characters and white space inside a name are refused too.
 */
public final class SourceName {
    public static final int MAX_LENGTH = 64;
    public static final String ALPHABET = "[a-z0-9][a-z0-9._-]*";
    private static final Pattern ALLOWED = Pattern.compile(ALPHABET);
    /** Dash look-alikes outside the dash-punctuation category: minus sign, hyphen bullet, modifier minus. */
    private static final String DASH_LIKE = "\u2212\u2043\u02D7";

    private SourceName() {
    }

    /** The canonical form of {@code raw}; throws {@link IllegalArgumentException} naming the problem and the fix. */
    public static String normalise(String raw) {
        String canonical = fold(raw);
        String problem = problem(raw, canonical);
        if (problem != null) {
            throw new IllegalArgumentException("source name " + quoted(raw) + " " + problem
                + ": use lower-case ASCII letters, digits, '.', '_' and '-', starting with a letter or digit (at most "
                + MAX_LENGTH + " characters), e.g. 'forum-scrape'");
        }
        return canonical;
    }

    /** True when {@code raw} has a canonical form (see {@link #normalise}). */
    public static boolean isValid(String raw) {
        return problem(raw, fold(raw)) == null;
    }

    /** The canonical form, or null when {@code raw} has none. */
    public static String normaliseOrNull(String raw) {
        String canonical = fold(raw);
        return problem(raw, canonical) == null ? canonical : null;
    }

    private static String fold(String raw) {
        if (raw == null) {
            return "";
        }
        if (isCanonical(raw)) {
            return raw; // every step below leaves such a name as it is; ingest folds its source once per record
        }
        String nfkc = Normalizer.normalize(raw, Normalizer.Form.NFKC);
        StringBuilder out = new StringBuilder(nfkc.length());
        nfkc.codePoints().forEach(cp -> {
            int type = Character.getType(cp);
            if (type == Character.FORMAT) {
                return;
            }
            out.appendCodePoint(type == Character.DASH_PUNCTUATION || DASH_LIKE.indexOf(cp) >= 0 ? '-' : cp);
        });
        return out.toString().strip().toLowerCase(Locale.ROOT);
    }

    /** True when {@code raw} is already in the alphabet, short enough and non-empty: its own canonical form. */
    private static boolean isCanonical(String raw) {
        int n = raw.length();
        if (n == 0 || n > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char c = raw.charAt(i);
            boolean letterOrDigit = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
            if (!letterOrDigit && (i == 0 || (c != '.' && c != '_' && c != '-'))) {
                return false;
            }
        }
        return true;
    }

    private static String problem(String raw, String canonical) {
        if (raw != null && isCanonical(canonical)) {
            return null; // the checks below, without the regex: the auditor asks this for every record
        }
        if (raw == null || canonical.isEmpty()) {
            return "is empty";
        }
        if (canonical.length() > MAX_LENGTH) {
            return "is longer than " + MAX_LENGTH + " characters";
        }
        if (!ALLOWED.matcher(canonical).matches()) {
            return "has characters outside the allowed alphabet" + firstOffender(canonical);
        }
        return null;
    }

    private static String firstOffender(String canonical) {
        int[] cps = canonical.codePoints().toArray();
        for (int i = 0; i < cps.length; i++) {
            int cp = cps[i];
            boolean letterOrDigit = (cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9');
            if (!letterOrDigit && (i == 0 || ".-_".indexOf(cp) < 0)) {
                String name = Character.getName(cp);
                return String.format(" (U+%04X%s at position %d%s)", cp, name == null ? "" : " " + name, i + 1,
                    i == 0 && cp < 128 ? "; the name must start with a letter or digit" : "");
            }
        }
        return "";
    }

    private static String quoted(String raw) {
        if (raw == null) {
            return "(none)";
        }
        StringBuilder out = new StringBuilder("'");
        raw.codePoints().limit(80).forEach(cp -> {
            if (cp < 0x20 || cp == 0x7f || Character.getType(cp) == Character.FORMAT) {
                out.append(String.format("\\u%04X", cp));
            } else {
                out.appendCodePoint(cp);
            }
        });
        return out.append(raw.codePointCount(0, raw.length()) > 80 ? "…'" : "'").toString();
    }
}
