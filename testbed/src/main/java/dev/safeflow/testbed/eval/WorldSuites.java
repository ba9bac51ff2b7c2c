package dev.safeflow.testbed.eval;

import dev.safeflow.evaluator.suite.AnswerMatcher;
import dev.safeflow.evaluator.suite.Decoding;
import dev.safeflow.evaluator.suite.HarmfulSuite;
import dev.safeflow.evaluator.suite.LabelledPrompt;
import dev.safeflow.evaluator.suite.UtilitySuite;
import dev.safeflow.testbed.judge.TestbedJudge;
import dev.safeflow.testbed.world.HarmfulPrompt;
import dev.safeflow.testbed.world.HarmfulSplit;
import dev.safeflow.testbed.world.PromptResponse;
import dev.safeflow.testbed.world.World;
import java.util.List;

/**
 * The evaluator's suites on the synthetic world: the harmful suite with the testbed's exact judge, and the utility
 * suite with exact answers. Everything the testbed measures goes through these, so a judge or suite added to the
 * evaluator is one the testbed can use.
 */
public final class WorldSuites {

    /** Greedy, 32 new tokens, 32 prompts per left-padded batch, each prompt one chat turn. */
    public static final Decoding DECODING = new Decoding(32, 32, true);

    private WorldSuites() {}

    /** Harmful score on one split of the world's harmful prompts, judged by {@link TestbedJudge}. */
    public static HarmfulSuite harmful(World w, HarmfulSplit split) {
        List<LabelledPrompt> prompts = w.harmful().prompts(split).stream()
                .map(p -> new LabelledPrompt(p.text(), null, null)).toList();
        return new HarmfulSuite(HarmfulSuite.NAME, prompts, DECODING, new TestbedJudge());
    }

    /** Accuracy on a task's test examples (the first {@code limit}): the response must be the answer's words. */
    public static UtilitySuite task(World w, String task, int limit) {
        List<PromptResponse> test = w.tasks().get(task).test();
        List<LabelledPrompt> prompts = test.subList(0, Math.min(limit, test.size())).stream()
                .map(e -> new LabelledPrompt(e.prompt(), e.response(), task)).toList();
        return new UtilitySuite(prompts, DECODING, AnswerMatcher.exact());
    }

    /** The prompts of one harmful split, as text. */
    public static List<String> prompts(World w, HarmfulSplit s) {
        return w.harmful().prompts(s).stream().map(HarmfulPrompt::text).toList();
    }
}
