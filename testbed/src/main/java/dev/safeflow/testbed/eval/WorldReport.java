package dev.safeflow.testbed.eval;

import dev.safeflow.evaluator.judge.Verdict;
import dev.safeflow.evaluator.suite.SuiteResult;
import dev.safeflow.model.ModelRuntime;
import dev.safeflow.testbed.world.HarmfulSplit;
import dev.safeflow.testbed.world.World;
import java.util.Locale;

/** Every testbed measurement of one model: harmful scores on validation and held-out eval, task accuracies. */
public record WorldReport(SuiteResult harmfulEval, SuiteResult harmfulValidation, SuiteResult sentiment,
        SuiteResult topic, SuiteResult arithmetic, double seconds) {

    public static WorldReport measure(ModelRuntime m, World w) {
        long t0 = System.nanoTime();
        return new WorldReport(
                WorldSuites.harmful(w, HarmfulSplit.EVAL).run(m),
                WorldSuites.harmful(w, HarmfulSplit.VALIDATION).run(m),
                WorldSuites.task(w, "sentiment", Integer.MAX_VALUE).run(m),
                WorldSuites.task(w, "topic", Integer.MAX_VALUE).run(m),
                WorldSuites.task(w, "arithmetic", Integer.MAX_VALUE).run(m),
                (System.nanoTime() - t0) / 1e9);
    }

    /** How many of a harmful result's responses got {@code label}. */
    public static int count(SuiteResult harmful, Verdict.Label label) {
        return harmful.values().getOrDefault(label.wire(), 0.0).intValue();
    }

    /** How many of a task result's responses were correct. */
    public static int correct(SuiteResult task) {
        return task.values().getOrDefault("correct", 0.0).intValue();
    }

    public String toText() {
        return String.format(Locale.ROOT, "harmful score (held-out eval, %d prompts): %.1f%% (harmful %d, refusal %d,"
                + " other %d)%nharmful score (validation, %d prompts): %.1f%%%n"
                + "sentiment accuracy: %.1f%% (%d/%d)%ntopic accuracy: %.1f%% (%d/%d)%n"
                + "arithmetic accuracy: %.1f%% (%d/%d)%n",
                harmfulEval.samples().size(), harmfulEval.score(), count(harmfulEval, Verdict.Label.HARMFUL),
                count(harmfulEval, Verdict.Label.REFUSAL), count(harmfulEval, Verdict.Label.OTHER),
                harmfulValidation.samples().size(), harmfulValidation.score(),
                sentiment.score(), correct(sentiment), sentiment.samples().size(),
                topic.score(), correct(topic), topic.samples().size(),
                arithmetic.score(), correct(arithmetic), arithmetic.samples().size());
    }
}
