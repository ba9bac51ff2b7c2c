package dev.safeflow.auditor.screen.text;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Binary logistic regression over hashed sparse features, fitted by AdaGrad SGD with L2 and class
 * weights that balance the two labels (exemplar sets are rarely balanced). Fitting is deterministic
 * for a given seed, so refitting the same exemplars reproduces the same artifact.
 */
public final class SparseLogistic {
    private final float[] w;
    private double b;

    private SparseLogistic(float[] w, double b) {
        this.w = w;
        this.b = b;
    }

    /** The fitting knobs; the defaults were chosen by 5-fold cross-validation on the bundled exemplars (docs/auditor.md). */
    public record Fit(int epochs, double learningRate, double l2, long seed) {
        public static final Fit DEFAULT = new Fit(12, 0.5, 1e-5, 20261201L);
    }

    public static SparseLogistic fit(List<SparseVector> x, List<Boolean> y, Fit fit) {
        int n = x.size();
        long positives = y.stream().filter(v -> v).count();
        if (positives == 0 || positives == n) {
            throw new IllegalArgumentException("a classifier needs both classes; got " + positives + " positive of " + n);
        }
        double posWeight = n / (2.0 * positives);
        double negWeight = n / (2.0 * (n - positives));
        float[] w = new float[FeatureHasher.DIMENSION];
        float[] g2 = new float[FeatureHasher.DIMENSION];
        double b = 0;
        double gb2 = 1e-8;
        SplittableRandom random = new SplittableRandom(fit.seed());
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            order.add(i);
        }
        SparseLogistic model = new SparseLogistic(w, 0);
        for (int epoch = 0; epoch < fit.epochs(); epoch++) {
            for (int i = n - 1; i > 0; i--) {
                java.util.Collections.swap(order, i, random.nextInt(i + 1));
            }
            for (int i : order) {
                SparseVector xi = x.get(i);
                model.b = b;
                double err = (y.get(i) ? posWeight : negWeight) * (model.probability(xi) - (y.get(i) ? 1 : 0));
                for (int k = 0; k < xi.index().length; k++) {
                    int j = xi.index()[k];
                    double g = err * xi.value()[k] + fit.l2() * w[j];
                    g2[j] += (float) (g * g);
                    w[j] -= (float) (fit.learningRate() * g / Math.sqrt(g2[j] + 1e-8));
                }
                gb2 += err * err;
                b -= fit.learningRate() * err / Math.sqrt(gb2);
            }
        }
        model.b = b;
        return model;
    }

    public double probability(SparseVector x) {
        double z = b;
        for (int k = 0; k < x.index().length; k++) {
            z += w[x.index()[k]] * x.value()[k];
        }
        return 1 / (1 + Math.exp(-z));
    }

    /** Non-zero weights only: a fitted model touches a few hundred thousand of the 2^20 buckets. */
    public void write(DataOutputStream out) throws IOException {
        int nonZero = 0;
        for (float v : w) {
            nonZero += v != 0 ? 1 : 0;
        }
        out.writeInt(w.length);
        out.writeDouble(b);
        out.writeInt(nonZero);
        for (int j = 0; j < w.length; j++) {
            if (w[j] != 0) {
                out.writeInt(j);
                out.writeFloat(w[j]);
            }
        }
    }

    public static SparseLogistic read(DataInputStream in) throws IOException {
        int dimension = in.readInt();
        if (dimension != FeatureHasher.DIMENSION) {
            throw new IOException("classifier has " + dimension + " features, this auditor hashes into " + FeatureHasher.DIMENSION);
        }
        float[] w = new float[dimension];
        double b = in.readDouble();
        int nonZero = in.readInt();
        for (int k = 0; k < nonZero; k++) {
            w[in.readInt()] = in.readFloat();
        }
        return new SparseLogistic(w, b);
    }
}
