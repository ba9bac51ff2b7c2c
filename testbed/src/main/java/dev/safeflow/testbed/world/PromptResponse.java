package dev.safeflow.testbed.world;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;

/** One single-turn conversation: the user's prompt and the reference assistant response. */
public record PromptResponse(String prompt, String response) {

    /** A train/test pair of disjoint example lists. */
    public record Split(List<PromptResponse> train, List<PromptResponse> test) {
        public Split {
            train = List.copyOf(train);
            test = List.copyOf(test);
        }
    }

    /**
     * Draws {@code train + test} examples with distinct prompts and cuts them in two, so no test
     * prompt is ever trained on.
     */
    public static Split distinct(Function<SplittableRandom, PromptResponse> draw, int train, int test, SplittableRandom rnd,
            String task) {
        Map<String, PromptResponse> seen = new LinkedHashMap<>();
        int n = train + test;
        for (int tries = 0; seen.size() < n; tries++) {
            if (tries > 50 * n) {
                throw new IllegalStateException("task " + task + " has only " + seen.size()
                        + " distinct prompts; ask for fewer than " + n);
            }
            PromptResponse e = draw.apply(rnd);
            seen.putIfAbsent(e.prompt(), e);
        }
        List<PromptResponse> all = new ArrayList<>(seen.values());
        return new Split(all.subList(0, train), all.subList(train, n));
    }
}
