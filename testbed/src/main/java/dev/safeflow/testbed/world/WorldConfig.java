package dev.safeflow.testbed.world;

/**
 * Sizes of one synthetic world. Everything else follows from the seed.
 *
 * @param alignmentRepeats each alignment prompt appears this often with independently drawn refusal
 *     phrasings, so the model learns the intent rather than one sentence
 */
public record WorldConfig(long seed, int alignmentRepeats, int instructions, int sentimentTrain, int sentimentTest,
        int topicTrain, int topicTest, int arithmeticTrain, int arithmeticTest) {

    public static final long DEFAULT_SEED = 20260529L;

    public WorldConfig {
        for (int n : new int[] {alignmentRepeats, instructions, sentimentTrain, sentimentTest, topicTrain, topicTest,
                arithmeticTrain, arithmeticTest}) {
            if (n < 1) {
                throw new IllegalArgumentException("every world size must be at least 1, got " + n);
            }
        }
    }

    /** The shipped world: fine-tuning uses n = 1,000 topic examples of the 2,000 train ones. */
    public static WorldConfig defaults(long seed) {
        return new WorldConfig(seed, 3, 2000, 2000, 400, 2000, 400, 2000, 400);
    }
}
