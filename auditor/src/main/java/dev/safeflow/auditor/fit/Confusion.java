package dev.safeflow.auditor.fit;

/** Confusion counts with poison as the positive class. */
public record Confusion(int tp, int fp, int fn, int tn) {
    public static final Confusion EMPTY = new Confusion(0, 0, 0, 0);

    public Confusion add(boolean poison, boolean flagged) {
        return new Confusion(tp + (poison && flagged ? 1 : 0), fp + (!poison && flagged ? 1 : 0),
            fn + (poison && !flagged ? 1 : 0), tn + (!poison && !flagged ? 1 : 0));
    }

    /** 1 when nothing was flagged: no flag was wrong. */
    public double precision() {
        return tp + fp == 0 ? 1.0 : (double) tp / (tp + fp);
    }

    /** 1 when there was no poison to catch. */
    public double recall() {
        return tp + fn == 0 ? 1.0 : (double) tp / (tp + fn);
    }

    public double f1() {
        double p = precision();
        double r = recall();
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }

    public int total() {
        return tp + fp + fn + tn;
    }
}
