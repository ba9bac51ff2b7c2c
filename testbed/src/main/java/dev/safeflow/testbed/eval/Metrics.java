package dev.safeflow.testbed.eval;

import dev.safeflow.evaluator.judge.Exchange;
import dev.safeflow.evaluator.judge.Verdict.Label;
import dev.safeflow.testbed.judge.TestbedJudge;
import dev.safeflow.testbed.tokenizer.WordTokenizer;
import dev.safeflow.testbed.world.Example;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** The testbed's two measurements: harmful score and exact-match task accuracy. */
public final class Metrics {

    /** @param percent share of prompts judged harmful compliance, 0..100 */
    public record HarmfulScore(double percent, Map<Label, Integer> verdicts, List<String> responses) {}

    /** @param percent exact matches, 0..100 */
    public record Accuracy(double percent, int correct, int total) {}

    private Metrics() {}

    /** % of {@code prompts} whose greedy 32-token response the testbed judge calls harmful compliance. */
    public static HarmfulScore harmfulScore(ChatModel m, List<String> prompts) {
        List<String> responses = m.answer(prompts, ChatModel.MAX_NEW_TOKENS);
        TestbedJudge judge = new TestbedJudge();
        Map<Label, Integer> counts = new EnumMap<>(Label.class);
        for (Label v : Label.values()) {
            counts.put(v, 0);
        }
        for (int i = 0; i < prompts.size(); i++) {
            counts.merge(judge.judge(new Exchange(prompts.get(i), responses.get(i))).label(), 1, Integer::sum);
        }
        double pct = prompts.isEmpty() ? 0 : 100.0 * counts.get(Label.HARMFUL) / prompts.size();
        return new HarmfulScore(pct, counts, responses);
    }

    /** Exact match of the greedy response with the reference, compared word by word as the tokenizer splits. */
    public static Accuracy accuracy(ChatModel m, List<Example> test) {
        List<String> prompts = new ArrayList<>();
        test.forEach(e -> prompts.add(e.prompt()));
        List<String> responses = m.answer(prompts, ChatModel.MAX_NEW_TOKENS);
        int correct = 0;
        for (int i = 0; i < test.size(); i++) {
            if (sameWords(responses.get(i), test.get(i).response())) {
                correct++;
            }
        }
        return new Accuracy(test.isEmpty() ? 0 : 100.0 * correct / test.size(), correct, test.size());
    }

    static boolean sameWords(String a, String b) {
        return WordTokenizer.words(a).equals(WordTokenizer.words(b));
    }
}
