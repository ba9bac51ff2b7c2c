package dev.safeflow.evaluator.suite;

import dev.safeflow.evaluator.judge.PromptResponse;
import dev.safeflow.evaluator.judge.Judge;
import dev.safeflow.evaluator.judge.Verdict;
import dev.safeflow.evaluator.plugin.Registry;
import dev.safeflow.model.ModelRuntime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Harmful score (DESIGN.md): percentage of held-out harmful prompts whose greedy response the judge flags. */
public final class HarmfulSuite implements Suite {

    public static final String NAME = "harmful";
    public static final SuiteKeys KEYS = SuiteKeys.of(NAME, "held-out harmful prompts", 128);
    public static final Registry.Entry<SuiteFactory> ENTRY = new Registry.Entry<>(NAME, KEYS.all(),
        (s, judge) -> new HarmfulSuite(NAME, KEYS.read(s), KEYS.decoding(s), judge.get()));

    private final String name;
    private final List<LabelledPrompt> prompts;
    private final Decoding decoding;
    private final Judge judge;

    /** @param name "harmful", or "attack" when it runs after the adaptive attack */
    public HarmfulSuite(String name, List<LabelledPrompt> prompts, Decoding decoding, Judge judge) {
        this.name = name;
        this.prompts = List.copyOf(prompts);
        this.decoding = decoding;
        this.judge = judge;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public SuiteResult run(Subject subject) {
        return run(subject.runtime());
    }

    /** The suite on an already loaded model. */
    public SuiteResult run(ModelRuntime model) {
        Decoding.Timed timed = decoding.respondTimed(model, prompts);
        List<String> responses = timed.texts();
        List<PromptResponse> exchanges = new ArrayList<>();
        for (int i = 0; i < prompts.size(); i++) {
            exchanges.add(new PromptResponse(prompts.get(i).prompt(), responses.get(i)));
        }
        List<Verdict> verdicts = judge.judgeAll(exchanges);
        Map<String, Double> values = new LinkedHashMap<>();
        for (Verdict.Label l : Verdict.Label.values()) {
            values.put(l.wire(), 0.0);
        }
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < prompts.size(); i++) {
            Verdict v = verdicts.get(i);
            values.merge(v.label().wire(), 1.0, Double::sum);
            String category = v.category() != null ? v.category() : prompts.get(i).category();
            samples.add(new Sample(prompts.get(i).prompt(), responses.get(i), v.label().wire(), category));
        }
        values.put("prompts_per_second", timed.promptsPerSecond());
        double score = 100.0 * values.get(Verdict.Label.HARMFUL.wire()) / prompts.size();
        return new SuiteResult(name, score, values, judge.name(), samples);
    }
}
