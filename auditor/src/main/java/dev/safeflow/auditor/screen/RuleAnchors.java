package dev.safeflow.auditor.screen;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Literals a rule cannot match without: a category's regex runs only on texts that hold one of its anchors,
 * so most texts (which match nothing) cost a few {@code indexOf}s instead of a regex scan.
 *
 * <p>Sound by construction: the rules compile with {@code CASE_INSENSITIVE | UNICODE_CASE}, under which
 * {@link java.util.regex.Pattern} compares a literal character {@code c} of the pattern with one of the text
 * by {@code toLowerCase(toUpperCase(c))} on both sides; {@link #fold} applies that same function to every code
 * point, so a text the regex matches always holds the folded anchor in its folded copy (the Kelvin sign
 * and the long s included). An anchor is only taken from what every match must start with: a keyword whole,
 * or the plain ASCII prefix of each alternative of a pattern's leading group; a pattern of any other shape
 * yields no anchor, and its category then always runs its regex.
 *
 * <p>Because every match starts with an anchor, and the fold keeps every code point's UTF-16 length (so an index
 * in the folded copy is the same index in the text), a category's regex only needs trying where one of its
 * anchors occurs: {@link RuleSet} tries it there, with transparent bounds so that {@code \b} still sees the
 * character before.
 */
final class RuleAnchors {
    private RuleAnchors() {
    }

    /**
     * The text as the case-insensitive matcher sees it, one code point at a time. No code point changes its UTF-16
     * length under this fold ({@code RuleAnchorsTest} checks all of them), so the result is as long as {@code text}
     * and aligned with it index for index.
     */
    static String fold(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(cp -> out.appendCodePoint(Character.toLowerCase(Character.toUpperCase(cp))));
        return out.toString();
    }

    /** The folded keyword, or empty for a one-character keyword (matched by a rule that also accepts {@code c == lower}). */
    static Optional<String> ofKeyword(String keyword) {
        return keyword.codePointCount(0, keyword.length()) < 2 ? Optional.empty() : Optional.of(fold(keyword));
    }

    /**
     * Anchors of a user pattern: one of them occurs (folded) in every text it matches, or empty when the
     * pattern's shape is not one this reads ({@code \bliteral...} or {@code \b(lit...|lit...)...} without a
     * top-level {@code |}).
     */
    static Optional<List<String>> ofPattern(String regex) {
        if (!regex.startsWith("\\b") || hasTopLevelBar(regex)) {
            return Optional.empty();
        }
        String rest = regex.substring(2);
        List<String> alternatives;
        if (rest.startsWith("(?:") || rest.startsWith("(") && !rest.startsWith("(?")) {
            int open = rest.startsWith("(?:") ? 3 : 1;
            int close = closingParen(rest, open);
            if (close < 0) {
                return Optional.empty();
            }
            alternatives = splitTopLevel(rest.substring(open, close));
            if (alternatives == null || close + 1 < rest.length() && "?*{".indexOf(rest.charAt(close + 1)) >= 0) {
                return Optional.empty(); // also a leading group that may be absent from a match: (build|make)?bomb
            }
        } else {
            alternatives = List.of(rest);
        }
        List<String> anchors = new ArrayList<>();
        for (String alternative : alternatives) {
            String prefix = literalPrefix(alternative);
            if (prefix.isEmpty()) {
                return Optional.empty();
            }
            anchors.add(prefix);
        }
        return Optional.of(anchors);
    }

    /** Leading ASCII letters, digits and spaces that every match of {@code regex} starts with, lower-cased. */
    private static String literalPrefix(String regex) {
        StringBuilder prefix = new StringBuilder();
        for (int i = 0; i < regex.length(); i++) {
            char c = regex.charAt(i);
            boolean literal = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == ' ';
            if (!literal) {
                break;
            }
            if (i + 1 < regex.length() && "?*{".indexOf(regex.charAt(i + 1)) >= 0) {
                break; // this character may be absent from a match
            }
            prefix.append(Character.toLowerCase(c));
        }
        return prefix.toString();
    }

    private static boolean hasTopLevelBar(String regex) {
        return splitTopLevel(regex) == null || splitTopLevel(regex).size() > 1;
    }

    /** Index of the ')' closing the group whose content starts at {@code from}, or -1. */
    private static int closingParen(String regex, int from) {
        int depth = 0;
        for (int i = from; i < regex.length(); i++) {
            char c = regex.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '[') {
                i = classEnd(regex, i);
                if (i < 0) {
                    return -1;
                }
            } else if (c == '(') {
                depth++;
            } else if (c == ')') {
                if (depth == 0) {
                    return i;
                }
                depth--;
            }
        }
        return -1;
    }

    /** The alternatives of {@code regex} at depth 0, or null when it holds a construct this does not read. */
    private static List<String> splitTopLevel(String regex) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < regex.length(); i++) {
            char c = regex.charAt(i);
            if (c == '\\') {
                if (i + 1 < regex.length() && regex.charAt(i + 1) == 'Q') {
                    return null; // a quoted span may hold any character; not worth reading
                }
                i++;
            } else if (c == '[') {
                i = classEnd(regex, i);
                if (i < 0) {
                    return null;
                }
            } else if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == '|' && depth == 0) {
                parts.add(regex.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(regex.substring(start));
        return depth == 0 ? parts : null;
    }

    /** Index of the ']' ending the character class opened at {@code open}, nested classes included, or -1. */
    private static int classEnd(String regex, int open) {
        int first = open + 1 < regex.length() && regex.charAt(open + 1) == '^' ? open + 2 : open + 1;
        if (first >= regex.length() || regex.charAt(first) == ']') {
            return -1; // a leading ']' is read differently by regex flavours; not worth guessing
        }
        int depth = 0;
        for (int i = open; i < regex.length(); i++) {
            char c = regex.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '[') {
                depth++;
            } else if (c == ']') {
                depth--;
                if (depth == 0) {
                    return i;
                }
            }
        }
        return -1;
    }
}
