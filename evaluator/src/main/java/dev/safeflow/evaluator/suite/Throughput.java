package dev.safeflow.evaluator.suite;

import dev.safeflow.model.ModelRuntime;
import java.util.List;

/** Evaluation throughput, the same prompts decoded one at a time and then in batches. */
public record Throughput(int prompts, int batchSize, double singlePromptsPerSecond, double batchedPromptsPerSecond) {

    public static Throughput measure(ModelRuntime model, List<String> prompts, Decoding decoding) {
        // One untimed prompt first, so native warm-up is not charged to either side.
        decoding.withBatchSize(1).respond(model, prompts.subList(0, 1));
        double single = timed(model, prompts, decoding.withBatchSize(1));
        double batched = timed(model, prompts, decoding);
        return new Throughput(prompts.size(), decoding.batchSize(), single, batched);
    }

    private static double timed(ModelRuntime model, List<String> prompts, Decoding decoding) {
        long start = System.nanoTime();
        decoding.respond(model, prompts);
        return prompts.size() / ((System.nanoTime() - start) / 1e9);
    }

    public double speedup() {
        return batchedPromptsPerSecond / singlePromptsPerSecond;
    }

    @Override
    public String toString() {
        return String.format("%d prompts: one at a time %.2f prompts/s, batch %d %.2f prompts/s (x%.2f)",
            prompts, singlePromptsPerSecond, batchSize, batchedPromptsPerSecond, speedup());
    }
}
