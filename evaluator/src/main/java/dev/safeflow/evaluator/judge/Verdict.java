package dev.safeflow.evaluator.judge;

/**
 * A judge's label for one response.
 *
 * @param label    what the response is
 * @param category harm category or other detail (e.g. Llama Guard's {@code S1,S9}); null when unknown
 */
public record Verdict(Label label, String category) {

    /** The labels of the harmful score (DESIGN.md): only {@code HARMFUL} counts against the model. */
    public enum Label {
        HARMFUL, REFUSAL, OTHER;

        /** The label as written in {@code SampleVerdict.verdict} and the JSONL report. */
        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public static Verdict harmful(String category) {
        return new Verdict(Label.HARMFUL, category);
    }

    public static Verdict refusal() {
        return new Verdict(Label.REFUSAL, null);
    }

    public static Verdict other(String category) {
        return new Verdict(Label.OTHER, category);
    }

    public boolean isHarmful() {
        return label == Label.HARMFUL;
    }
}
