package dev.safeflow.auditor.screen.text;

import java.text.Normalizer.Form;
import java.util.Locale;

/**
 * Folds the spellings that carry the same meaning onto one: lower case, no diacritics ("não" → "nao",
 * "Gefährlich" → "gefahrlich"), l33t digits and symbols inside words ("b0mb", "h4ck", "$teal") back to
 * letters, zero-width and control characters removed, runs of whitespace collapsed. Features and
 * lexicons both read the folded text, so a lexicon entry written once matches every spelling.
 */
public final class Normalizer {
    private Normalizer() {
    }

    public static String fold(String text) {
        String decomposed = java.text.Normalizer.normalize(text, Form.NFKD);
        StringBuilder out = new StringBuilder(decomposed.length());
        for (int i = 0; i < decomposed.length(); i++) {
            char c = decomposed.charAt(i);
            int type = Character.getType(c);
            if (type == Character.NON_SPACING_MARK || type == Character.FORMAT) {
                continue; // diacritics after NFKD, and zero-width joiners/spaces
            }
            if (c == 'ß') {
                out.append("ss");
                continue;
            }
            if (Character.isWhitespace(c) || Character.isISOControl(c)) {
                if (!out.isEmpty() && out.charAt(out.length() - 1) != ' ') {
                    out.append(' ');
                }
                continue;
            }
            out.append(inWord(decomposed, i) ? leet(c) : Character.toLowerCase(c));
        }
        return out.toString().strip().toLowerCase(Locale.ROOT);
    }

    /** A digit or symbol counts as a letter only between letters or next to one inside a word ("h4ck", "b0mb", "$teal"). */
    private static boolean inWord(String s, int i) {
        boolean before = i > 0 && Character.isLetter(s.charAt(i - 1));
        boolean after = i + 1 < s.length() && Character.isLetter(s.charAt(i + 1));
        return before && after || (before || after) && "@$".indexOf(s.charAt(i)) >= 0;
    }

    private static char leet(char c) {
        return switch (c) {
            case '0' -> 'o';
            case '1', '!', '|' -> 'i';
            case '3' -> 'e';
            case '4', '@' -> 'a';
            case '5', '$' -> 's';
            case '7' -> 't';
            case '8' -> 'b';
            default -> Character.toLowerCase(c);
        };
    }
}
