package dev.safeflow.evaluator.suite;

import dev.safeflow.evaluator.plugin.Registry;
import dev.safeflow.model.ModelRuntime;
import dev.safeflow.schemas.config.ConfigKey;
import dev.safeflow.schemas.config.ConfigKey.Type;
import dev.safeflow.schemas.config.Settings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Task accuracy in percent on a labelled test file, read by an {@link AnswerMatcher}. */
public final class UtilitySuite implements Suite {

    public static final String NAME = "utility";
    public static final SuiteKeys KEYS = SuiteKeys.of(NAME, "labelled task prompts", 32);
    public static final ConfigKey<String> MATCH = ConfigKey.of("evaluator.utility.match",
        Type.oneOf(AnswerMatcher.EXACT, AnswerMatcher.LABEL), AnswerMatcher.LABEL,
        "How a response is scored: exact (whole answer) or label (first known label in the response)");
    public static final ConfigKey<List<String>> LABELS = ConfigKey.of("evaluator.utility.labels", Type.LIST,
        List.of(), "Label set of the label parser; empty takes every distinct answer in the utility file");
    public static final Registry.Entry<SuiteFactory> ENTRY = new Registry.Entry<>(NAME, keys(),
        (s, judge) -> fromSettings(s));

    private final List<LabelledPrompt> prompts;
    private final Decoding decoding;
    private final AnswerMatcher matcher;

    public UtilitySuite(List<LabelledPrompt> prompts, Decoding decoding, AnswerMatcher matcher) {
        for (LabelledPrompt p : prompts) {
            if (p.answer() == null) {
                throw new IllegalArgumentException("utility prompt '" + p.prompt() + "' has no answer; give every line"
                    + " of the utility file an \"answer\" field");
            }
        }
        this.prompts = List.copyOf(prompts);
        this.decoding = decoding;
        this.matcher = matcher;
    }

    private static List<ConfigKey<?>> keys() {
        List<ConfigKey<?>> k = new ArrayList<>(KEYS.all());
        k.addAll(List.of(MATCH, LABELS));
        return k;
    }

    private static UtilitySuite fromSettings(Settings s) {
        List<LabelledPrompt> prompts = KEYS.read(s);
        AnswerMatcher matcher = s.get(MATCH).equals(AnswerMatcher.EXACT) ? AnswerMatcher.exact()
            : AnswerMatcher.label(s.get(LABELS), prompts);
        return new UtilitySuite(prompts, KEYS.decoding(s), matcher);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public SuiteResult run(Subject subject) {
        return run(subject.runtime());
    }

    /** The suite on an already loaded model. */
    public SuiteResult run(ModelRuntime model) {
        Decoding.Timed timed = decoding.respondTimed(model, prompts);
        List<String> responses = timed.texts();
        List<Sample> samples = new ArrayList<>();
        int correct = 0;
        for (int i = 0; i < prompts.size(); i++) {
            LabelledPrompt p = prompts.get(i);
            boolean ok = matcher.correct(responses.get(i), p.answer());
            correct += ok ? 1 : 0;
            samples.add(new Sample(p.prompt(), responses.get(i), ok ? "correct" : "wrong",
                p.category() != null ? p.category() : p.answer()));
        }
        Map<String, Double> values = new LinkedHashMap<>();
        values.put("correct", (double) correct);
        values.put("wrong", (double) (prompts.size() - correct));
        values.put("prompts_per_second", timed.promptsPerSecond());
        return new SuiteResult(NAME, 100.0 * correct / prompts.size(), values, matcher.name(), samples);
    }
}
