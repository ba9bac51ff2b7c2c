package dev.safeflow.evaluator.suite;

import dev.safeflow.model.ModelRuntime;
import dev.safeflow.model.generate.GenerationConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * How a suite decodes: greedy (DESIGN.md's protocol), a cap on new tokens, and how many prompts share
 * one left-padded batch.
 *
 * @param maxNewTokens tokens generated per prompt at most (128 in the Vaccine/Booster protocol)
 * @param batchSize    prompts per batch; 1 decodes one at a time
 * @param chat         render each prompt through the model's chat template as one user turn
 */
public record Decoding(int maxNewTokens, int batchSize, boolean chat) {

    public Decoding {
        if (maxNewTokens < 1) {
            throw new IllegalArgumentException("max new tokens must be at least 1, got " + maxNewTokens);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
        }
    }

    public Decoding withBatchSize(int n) {
        return new Decoding(maxNewTokens, n, chat);
    }

    /** Greedy responses to {@code prompts}, in order. */
    public List<String> respond(ModelRuntime model, List<String> prompts) {
        GenerationConfig greedy = GenerationConfig.greedy(maxNewTokens, List.of());
        List<String> out = new ArrayList<>(prompts.size());
        for (int from = 0; from < prompts.size(); from += batchSize) {
            out.addAll(model.generate(prompts.subList(from, Math.min(from + batchSize, prompts.size())), chat, greedy));
        }
        return out;
    }

    /** Greedy responses to the prompts of {@code labelled}, in order, and how many prompts per second that took. */
    public Timed respondTimed(ModelRuntime model, List<LabelledPrompt> labelled) {
        long start = System.nanoTime();
        List<String> texts = respond(model, labelled.stream().map(LabelledPrompt::prompt).toList());
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Timed(texts, labelled.size() / seconds);
    }

    /** A suite's responses with the generation throughput every suite reports as {@code prompts_per_second}. */
    public record Timed(List<String> texts, double promptsPerSecond) {
    }
}
