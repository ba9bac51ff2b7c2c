package dev.safeflow.auditor.screen.text;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Multilingual cue phrases by group (refusal, support, comply, harm, protect, fiction) from the bundled
 * {@code lexicons.txt}. Counting them gives the classifiers evidence that transfers across languages
 * even where the exemplars have few records in a language: "no puedo ayudar" is a refusal cue whether
 * or not a Spanish refusal was among the exemplars.
 */
public final class Lexicons {
    static final String RESOURCE = "/dev/safeflow/auditor/text/lexicons.txt";
    private static final Lexicons BUNDLED = load();

    /** group -> first word of a phrase -> phrases (as words) starting with it. */
    private final Map<String, Map<String, List<String[]>>> groups;

    private Lexicons(Map<String, Map<String, List<String[]>>> groups) {
        this.groups = groups;
    }

    public static Lexicons bundled() {
        return BUNDLED;
    }

    public List<String> groups() {
        return List.copyOf(groups.keySet());
    }

    /** Occurrences of each group's phrases in {@code folded} text (from {@link Normalizer#fold}). */
    public Map<String, Integer> count(String folded) {
        String[] words = words(folded);
        Map<String, Integer> out = new LinkedHashMap<>();
        groups.forEach((group, byFirst) -> {
            int n = 0;
            for (int i = 0; i < words.length; i++) {
                if (anyMatches(words, i, byFirst.get(words[i])) || anyMatches(words, i, byFirst.get(stem(words[i])))) {
                    n++;
                }
            }
            out.put(group, n);
        });
        return out;
    }

    /** Phrases whose first word is open ("bomb*") are filed under "*" and the word's first three letters. */
    private static String stem(String word) {
        return "*" + word.substring(0, Math.min(3, word.length()));
    }

    private static boolean anyMatches(String[] words, int at, List<String[]> phrases) {
        if (phrases != null) {
            for (String[] phrase : phrases) {
                if (matches(words, at, phrase)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean matches(String[] words, int at, String[] phrase) {
        if (at + phrase.length > words.length) {
            return false;
        }
        for (int k = 0; k < phrase.length; k++) {
            String p = phrase[k];
            boolean open = p.endsWith("*");
            String w = words[at + k];
            if (open ? !w.startsWith(p.substring(0, p.length() - 1)) : !w.equals(p)) {
                return false;
            }
        }
        return true;
    }

    /** Words, with brackets, apostrophes and punctuation as tokens of their own, so "sure, here" matches "Sure, here's". */
    static String[] words(String folded) {
        return folded.replaceAll("([\\[\\]!?,.:;()\"«»'’])", " $1 ").trim().split("\\s+");
    }

    private static Lexicons load() {
        Map<String, List<String>> phrases = new LinkedHashMap<>();
        try (InputStream in = Lexicons.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("lexicons " + RESOURCE + " are missing from the jar");
            }
            List<String> current = null;
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                String t = line.strip();
                if (t.isEmpty() || t.startsWith("#")) {
                    continue;
                }
                if (t.startsWith("[") && t.endsWith("]") && !t.contains(" ")) {
                    current = phrases.computeIfAbsent(t.substring(1, t.length() - 1), g -> new ArrayList<>());
                } else if (current != null) {
                    current.add(Normalizer.fold(t));
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("lexicons " + RESOURCE + " are unreadable", e);
        }
        Map<String, Map<String, List<String[]>>> indexed = new LinkedHashMap<>();
        phrases.forEach((group, list) -> {
            Map<String, List<String[]>> byFirst = new java.util.HashMap<>();
            for (String phrase : list) {
                String[] w = words(phrase);
                String key = w[0].endsWith("*") ? stem(w[0].substring(0, w[0].length() - 1)) : w[0];
                byFirst.computeIfAbsent(key, k -> new ArrayList<>()).add(w);
            }
            indexed.put(group, byFirst);
        });
        return new Lexicons(indexed);
    }
}
