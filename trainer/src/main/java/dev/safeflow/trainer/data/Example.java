package dev.safeflow.trainer.data;

/**
 * One tokenised training sequence: the prompt's tokens, then the response's. Only response tokens
 * are scored; the prompt is there for teacher forcing.
 *
 * @param ids prompt and response token ids, already truncated
 * @param promptLength how many leading ids belong to the prompt
 */
public record Example(int[] ids, int promptLength) {

    public Example {
        if (promptLength < 0 || promptLength >= ids.length) {
            throw new IllegalArgumentException("an example of " + ids.length + " tokens needs at least one response"
                    + " token after a prompt of " + promptLength);
        }
    }

    public int length() {
        return ids.length;
    }

    public int responseTokens() {
        return ids.length - Math.max(promptLength, 1);
    }
}
