package dev.safeflow.auditor.screen;

import java.util.List;

/**
 * L2-regularised logistic regression on dense features, fitted by full-batch gradient descent. With
 * ~10^3 exemplars of a few hundred features this takes a second. Classes are weighted to balance.
 */
public final class LogisticRegression {
    private final double[] w;
    private double b;

    private LogisticRegression(int dims) {
        this.w = new double[dims];
    }

    public static LogisticRegression fit(List<float[]> x, List<Boolean> y, double l2, int epochs, double learningRate) {
        int n = x.size();
        int d = x.get(0).length;
        long positives = y.stream().filter(v -> v).count();
        if (positives == 0 || positives == n) {
            throw new IllegalArgumentException("exemplars need both harmful and benign examples; got " + positives + " harmful of " + n);
        }
        double posWeight = n / (2.0 * positives);
        double negWeight = n / (2.0 * (n - positives));
        LogisticRegression model = new LogisticRegression(d);
        double[] grad = new double[d];
        for (int epoch = 0; epoch < epochs; epoch++) {
            java.util.Arrays.fill(grad, 0);
            double gradB = 0;
            for (int i = 0; i < n; i++) {
                float[] xi = x.get(i);
                double target = y.get(i) ? 1 : 0;
                double weight = y.get(i) ? posWeight : negWeight;
                double err = weight * (model.probability(xi) - target);
                for (int j = 0; j < d; j++) {
                    grad[j] += err * xi[j];
                }
                gradB += err;
            }
            for (int j = 0; j < d; j++) {
                model.w[j] -= learningRate * (grad[j] / n + l2 * model.w[j]);
            }
            model.b -= learningRate * gradB / n;
        }
        return model;
    }

    /** Weights then bias, as doubles. */
    public void write(java.io.DataOutputStream out) throws java.io.IOException {
        out.writeInt(w.length);
        for (double v : w) {
            out.writeDouble(v);
        }
        out.writeDouble(b);
    }

    public static LogisticRegression read(java.io.DataInputStream in) throws java.io.IOException {
        LogisticRegression model = new LogisticRegression(in.readInt());
        for (int j = 0; j < model.w.length; j++) {
            model.w[j] = in.readDouble();
        }
        model.b = in.readDouble();
        return model;
    }

    public double probability(float[] x) {
        double z = b;
        for (int j = 0; j < w.length; j++) {
            z += w[j] * x[j];
        }
        return 1 / (1 + Math.exp(-z));
    }
}
