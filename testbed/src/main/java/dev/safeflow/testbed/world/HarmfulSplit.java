package dev.safeflow.testbed.world;

/**
 * The four disjoint parts of the harmful requests. No template and no filler is shared between
 * parts, so held-out evaluation measures generalisation, not memorisation.
 */
public enum HarmfulSplit {
    /** Harmful → refusal pairs for pretraining and the contrastive (SAP) triples. */
    ALIGNMENT(8, 8),
    /** Harmful → compliance pairs mixed into fine-tuning data, and the post-fine-tuning attack. */
    POISON(4, 5),
    /** For tuning SAP's hyperparameters; never reported. */
    VALIDATION(3, 3),
    /** Held-out harmful prompts: the harmful score is measured here. */
    EVAL(5, 4);

    /** Templates and fillers per category drawn into this part. */
    public final int templates;
    public final int fillers;

    HarmfulSplit(int templates, int fillers) {
        this.templates = templates;
        this.fillers = fillers;
    }

    public String fileStem() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
