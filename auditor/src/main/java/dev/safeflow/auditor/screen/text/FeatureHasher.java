package dev.safeflow.auditor.screen.text;

import java.util.HashMap;
import java.util.Map;

/**
 * Text to a sparse feature vector by the hashing trick, so no vocabulary is stored and any language
 * or spelling maps somewhere: word unigrams and bigrams, character 3- to 5-grams within words (which
 * match across inflections, compounds and typos), and the count of each {@link Lexicons} group. Each
 * family is scaled to unit length per text, so a long record weighs as much as a short one.
 * Every feature name carries the side it came from ({@code p} request, {@code r} response).
 */
public final class FeatureHasher {
    /** 2^20 buckets: collisions are rare at the few hundred thousand distinct n-grams an exemplar set holds. */
    public static final int DIMENSION = 1 << 20;
    /** Longer texts add cost and little evidence; the start of a response says whether it complies. */
    static final int MAX_CHARS = 3000;

    private final Lexicons lexicons;

    public FeatureHasher(Lexicons lexicons) {
        this.lexicons = lexicons;
    }

    /** Features of one side of a record, added into {@code out} (bucket → value). */
    public void add(String side, String text, Map<Integer, Float> out) {
        String folded = Normalizer.fold(text.length() > MAX_CHARS ? text.substring(0, MAX_CHARS) : text);
        String[] words = folded.split("[^\\p{L}\\p{N}'\\[\\]]+");
        Map<Integer, Float> wordGrams = new HashMap<>();
        Map<Integer, Float> charGrams = new HashMap<>();
        String previous = "<s>";
        for (String w : words) {
            if (w.isEmpty()) {
                continue;
            }
            bump(wordGrams, side + "w:" + w);
            bump(wordGrams, side + "b:" + previous + " " + w);
            previous = w;
            String padded = " " + w + " ";
            for (int n = 3; n <= 5; n++) {
                for (int i = 0; i + n <= padded.length(); i++) {
                    bump(charGrams, side + "c:" + padded.substring(i, i + n));
                }
            }
        }
        addUnit(wordGrams, out);
        addUnit(charGrams, out);
        lexicons.count(folded).forEach((group, n) -> {
            if (n > 0) {
                out.merge(bucket(side + "lex:" + group), (float) Math.log1p(n), Float::sum);
            }
        });
        if (words.length == 0 || folded.isBlank()) {
            out.merge(bucket(side + "empty"), 1f, Float::sum);
        }
    }

    private static void bump(Map<Integer, Float> counts, String feature) {
        counts.merge(bucket(feature), 1f, Float::sum);
    }

    private static void addUnit(Map<Integer, Float> family, Map<Integer, Float> out) {
        double norm = 0;
        for (float v : family.values()) {
            norm += v * v;
        }
        if (norm == 0) {
            return;
        }
        float inv = (float) (1 / Math.sqrt(norm));
        family.forEach((k, v) -> out.merge(k, v * inv, Float::sum));
    }

    /** FNV-1a over the UTF-16 units: stable across JVMs and releases, unlike {@code String.hashCode} guarantees. */
    static int bucket(String feature) {
        int h = 0x811c9dc5;
        for (int i = 0; i < feature.length(); i++) {
            h ^= feature.charAt(i);
            h *= 0x01000193;
        }
        return (h ^ (h >>> 15)) & (DIMENSION - 1);
    }
}
