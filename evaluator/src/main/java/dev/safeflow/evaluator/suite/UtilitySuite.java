package dev.safeflow.evaluator.suite;

import dev.safeflow.model.ModelRuntime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Task accuracy in percent on a labelled test file, read by an {@link AnswerMatcher}. */
public final class UtilitySuite implements Suite {

    public static final String NAME = "utility";

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
