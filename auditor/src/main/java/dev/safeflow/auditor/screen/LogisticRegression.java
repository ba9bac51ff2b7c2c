package dev.safeflow.auditor.screen;

import java.util.List;

/**
 * L2-regularised logistic regression fitted by full-batch gradient descent. With ~10^2 exemplars of
 * 768 features this takes milliseconds, so the classifier is simply retrained at every start-up
 * from the seed set rather than shipped as an opaque weight file. Classes are weighted to balance.
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

    public double probability(float[] x) {
        double z = b;
        for (int j = 0; j < w.length; j++) {
            z += w[j] * x[j];
        }
        return 1 / (1 + Math.exp(-z));
    }
}
