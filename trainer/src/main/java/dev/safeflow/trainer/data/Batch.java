package dev.safeflow.trainer.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;

/**
 * Examples right-padded to the longest one. Dimensions: B sequences, T positions; the loss mask is
 * (B, T-1) because position t scores token t+1.
 */
public record Batch(List<Example> examples, int padId, int width) {

    public static Batch of(List<Example> examples, int padId) {
        if (examples.isEmpty()) {
            throw new IllegalArgumentException("a batch needs at least one example");
        }
        int width = examples.stream().mapToInt(Example::length).max().orElseThrow();
        return new Batch(List.copyOf(examples), padId, width);
    }

    public int size() {
        return examples.size();
    }

    /** (B, T) int64 token ids, padding filled with {@code padId}. */
    public NDArray ids(NDManager manager) {
        long[] flat = new long[size() * width];
        java.util.Arrays.fill(flat, padId);
        for (int b = 0; b < size(); b++) {
            int[] ids = examples.get(b).ids();
            for (int t = 0; t < ids.length; t++) {
                flat[b * width + t] = ids[t];
            }
        }
        return manager.create(flat, new Shape(size(), width));
    }

    /** (B, T) 1 for real tokens, 0 for padding, as {@code LlamaModel} takes it. */
    public int[][] padding() {
        int[][] pad = new int[size()][width];
        for (int b = 0; b < size(); b++) {
            java.util.Arrays.fill(pad[b], 0, examples.get(b).length(), 1);
        }
        return pad;
    }

    /** (B, T-1) float32: 1 where the target token t+1 is a response token, at {@link #scoredPositions}. */
    public NDArray lossMask(NDManager manager) {
        float[] mask = new float[size() * (width - 1)];
        for (long i : scoredPositions()) {
            mask[(int) i] = 1f;
        }
        return manager.create(mask, new Shape(size(), width - 1));
    }

    /** Ascending indices b·(T-1) + t-1 of the (B, T-1) positions whose target, token t of row b, is a response token. */
    public long[] scoredPositions() {
        long[] scored = new long[Math.toIntExact(responseTokens())];
        int k = 0;
        for (int b = 0; b < size(); b++) {
            Example e = examples.get(b);
            for (int t = Math.max(e.promptLength(), 1); t < e.length(); t++) {
                scored[k++] = (long) b * (width - 1) + t - 1;
            }
        }
        return scored;
    }

    /** Real (unpadded) tokens, for throughput. */
    public long tokens() {
        return examples.stream().mapToLong(Example::length).sum();
    }

    public long responseTokens() {
        return examples.stream().mapToLong(Example::responseTokens).sum();
    }
}
