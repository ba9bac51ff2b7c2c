package dev.safeflow.testbed.eval;

import dev.safeflow.testbed.world.HarmfulPrompt;
import dev.safeflow.testbed.world.HarmfulSplit;
import dev.safeflow.testbed.world.World;
import java.util.List;

/** Every testbed measurement of one model: harmful scores on validation and held-out eval, task accuracies. */
public record WorldReport(Metrics.HarmfulScore harmfulEval, Metrics.HarmfulScore harmfulValidation,
        Metrics.Accuracy sentiment, Metrics.Accuracy topic, Metrics.Accuracy arithmetic, double seconds) {

    public static WorldReport measure(ChatModel m, World w) {
        long t0 = System.nanoTime();
        return new WorldReport(
                Metrics.harmfulScore(m, prompts(w, HarmfulSplit.EVAL)),
                Metrics.harmfulScore(m, prompts(w, HarmfulSplit.VALIDATION)),
                Metrics.accuracy(m, w.tasks().get("sentiment").test()),
                Metrics.accuracy(m, w.tasks().get("topic").test()),
                Metrics.accuracy(m, w.tasks().get("arithmetic").test()),
                (System.nanoTime() - t0) / 1e9);
    }

    public static List<String> prompts(World w, HarmfulSplit s) {
        return w.harmful().prompts(s).stream().map(HarmfulPrompt::text).toList();
    }

    public String toText() {
        return String.format("harmful score (held-out eval, %d prompts): %.1f%% %s%n"
                + "harmful score (validation, %d prompts): %.1f%%%n"
                + "sentiment accuracy: %.1f%% (%d/%d)%ntopic accuracy: %.1f%% (%d/%d)%n"
                + "arithmetic accuracy: %.1f%% (%d/%d)%n",
                harmfulEval.responses().size(), harmfulEval.percent(), harmfulEval.verdicts(),
                harmfulValidation.responses().size(), harmfulValidation.percent(),
                sentiment.percent(), sentiment.correct(), sentiment.total(),
                topic.percent(), topic.correct(), topic.total(),
                arithmetic.percent(), arithmetic.correct(), arithmetic.total());
    }
}
