package dev.safeflow.evaluator.suite;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decides whether a response answers a labelled prompt correctly. {@code exact}: the response has the
 * answer's words, case, spacing and punctuation ignored (word-level tokenizers decode "7." as "7 ."). {@code
 * label}: the earliest of the known labels that appears as whole words in the response is the prediction.
 */
public final class AnswerMatcher {

    public static final String EXACT = "exact";
    public static final String LABEL = "label";

    private final String mode;
    private final List<String> labels;

    private AnswerMatcher(String mode, List<String> labels) {
        this.mode = mode;
        this.labels = List.copyOf(labels);
    }

    public static AnswerMatcher exact() {
        return new AnswerMatcher(EXACT, List.of());
    }

    /** @param labels the label set; empty means every distinct answer in the prompt file */
    public static AnswerMatcher label(List<String> labels, List<LabelledPrompt> prompts) {
        List<String> set = new ArrayList<>(labels);
        if (set.isEmpty()) {
            prompts.stream().map(LabelledPrompt::answer).filter(a -> a != null).distinct().forEach(set::add);
        }
        // Longest first, so "not spam" wins over "spam" when both match at one position.
        set.sort(Comparator.comparingInt(String::length).reversed());
        return new AnswerMatcher(LABEL, set);
    }

    public String name() {
        return mode + "-match";
    }

    /** The label or text this response is read as. */
    public String predict(String response) {
        if (mode.equals(EXACT)) {
            return normalize(response);
        }
        String best = null;
        int bestAt = Integer.MAX_VALUE;
        String text = " " + normalize(response) + " ";
        for (String l : labels) {
            Matcher m = Pattern.compile(" " + Pattern.quote(normalize(l)) + " ").matcher(text);
            if (m.find() && m.start() < bestAt) {
                bestAt = m.start();
                best = l;
            }
        }
        return best == null ? "" : normalize(best);
    }

    public boolean correct(String response, String answer) {
        return !answer.isBlank() && predict(response).equals(normalize(answer));
    }

    /** Lower case, every run of characters that are neither letters nor digits one space, trimmed. */
    static String normalize(String s) {
        return s.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]+", " ").strip();
    }
}
