package dev.safeflow.model.generate;

/** Picks the next token from one row of logits. */
@FunctionalInterface
public interface Sampler {

    int sample(float[] logits);

    /** The arg-max token; ties go to the lowest id, as in torch.argmax. */
    Sampler GREEDY = logits -> {
        int best = 0;
        for (int i = 1; i < logits.length; i++) {
            if (logits[i] > logits[best]) {
                best = i;
            }
        }
        return best;
    };
}
