package dev.safeflow.trainer;

/**
 * How examples become batches.
 *
 * @param size task sequences per micro-batch; the reference uses 10
 * @param maxLength tokens per task sequence after truncation; the reference uses 128
 * @param maxTokens also close a micro-batch once its padded tokens reach this; 0 means by count only
 * @param contrastiveSize triples per contrastive batch; the reference uses 8
 * @param contrastiveMaxLength tokens per contrastive sequence; the reference uses 256
 */
public record BatchConfig(int size, int maxLength, int maxTokens, int contrastiveSize, int contrastiveMaxLength) {

    public static BatchConfig defaults() {
        return new BatchConfig(10, 128, 0, 8, 256);
    }

    public BatchConfig {
        if (size < 1 || contrastiveSize < 1) {
            throw new IllegalArgumentException("batch sizes must be at least 1, got " + size + " and " + contrastiveSize);
        }
        if (maxLength < 2 || contrastiveMaxLength < 2) {
            throw new IllegalArgumentException("max lengths must be at least 2 tokens, got " + maxLength + " and "
                    + contrastiveMaxLength);
        }
    }
}
