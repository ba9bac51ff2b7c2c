package dev.safeflow.model.generate;

import java.util.List;
import java.util.SplittableRandom;

/**
 * How to decode.
 *
 * @param maxNewTokens upper bound on generated tokens per prompt
 * @param temperature 0 means greedy
 * @param topP nucleus mass, 1 keeps every token
 * @param seed each prompt gets its own generator seeded with this, so a prompt's sample does not
 *     depend on what else is in the batch
 * @param stopTokens generation of a row ends after any of these (the stop token is not returned)
 */
public record GenerationConfig(int maxNewTokens, float temperature, float topP, long seed, List<Integer> stopTokens) {

    public GenerationConfig {
        stopTokens = List.copyOf(stopTokens);
        if (maxNewTokens < 0) {
            throw new IllegalArgumentException("max new tokens must be >= 0, got " + maxNewTokens);
        }
    }

    /** Greedy decoding: what evaluation uses (DESIGN.md harmful score, 128 new tokens). */
    public static GenerationConfig greedy(int maxNewTokens, List<Integer> stopTokens) {
        return new GenerationConfig(maxNewTokens, 0f, 1f, 0L, stopTokens);
    }

    public GenerationConfig withStopTokens(List<Integer> stops) {
        return new GenerationConfig(maxNewTokens, temperature, topP, seed, stops);
    }

    /** A fresh sampler for one prompt. */
    public Sampler newSampler() {
        return temperature == 0f ? Sampler.GREEDY : new TopPSampler(temperature, topP, new SplittableRandom(seed));
    }
}
