package dev.safeflow.trainer.data;

import java.util.ArrayList;
import java.util.List;

/**
 * Packs examples, in the order given, into micro-batches closed by count or by padded tokens,
 * whichever comes first. Padded tokens count the batch's width times its size, which is what the
 * forward pass costs.
 */
public final class Batcher {

    private final int size;
    private final int maxTokens;
    private final int padId;

    /** @param maxTokens 0 means by count only */
    public Batcher(int size, int maxTokens, int padId) {
        this.size = size;
        this.maxTokens = maxTokens;
        this.padId = padId;
    }

    public List<Batch> pack(List<Example> examples) {
        List<Batch> out = new ArrayList<>();
        List<Example> current = new ArrayList<>();
        int width = 0;
        for (Example e : examples) {
            int newWidth = Math.max(width, e.length());
            if (!current.isEmpty() && maxTokens > 0 && (long) newWidth * (current.size() + 1) > maxTokens) {
                out.add(Batch.of(current, padId));
                current = new ArrayList<>();
                newWidth = e.length();
            }
            current.add(e);
            width = newWidth;
            if (current.size() == size) {
                out.add(Batch.of(current, padId));
                current = new ArrayList<>();
                width = 0;
            }
        }
        if (!current.isEmpty()) {
            out.add(Batch.of(current, padId));
        }
        return out;
    }

    /** Whether {@code pending} examples already make a full micro-batch (streaming). */
    public boolean isFull(List<Example> pending) {
        if (pending.size() >= size) {
            return true;
        }
        if (maxTokens <= 0 || pending.isEmpty()) {
            return false;
        }
        int width = pending.stream().mapToInt(Example::length).max().orElse(0);
        return (long) width * pending.size() >= maxTokens;
    }

    public int padId() {
        return padId;
    }
}
