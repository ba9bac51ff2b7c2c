package dev.safeflow.auditor.screen;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The decision path's scores read exactly as {@code %.3f} wrote them, ties and edges included. */
class ThreeDecimalsTest {
    @Test
    void agreesWithTheFormatterOnTiesEdgesAndRandomScores() {
        double[] edges = {0, -0.0, 1, 0.0005, 0.0015, 0.0025, 1.0005, 0.1235, 0.9995, 0.99949999, 1e-9, 0.5, 0.123456789,
            Double.MIN_VALUE, 2.5e-4, 123.4565, -0.0001, -0.5, Double.NaN, Double.POSITIVE_INFINITY};
        for (double d : edges) {
            assertEquals(String.format(Locale.ROOT, "%.3f", d), ScreeningCascade.threeDecimals(d), Double.toString(d));
        }
        Random random = new Random(11);
        for (int i = 0; i < 200_000; i++) {
            // Uniform scores, and scores near a tie of the third decimal.
            double d = i % 2 == 0 ? random.nextDouble() : (random.nextInt(1000) + 0.5) / 1000 + (random.nextInt(3) - 1) * Math.ulp(0.5);
            assertEquals(String.format(Locale.ROOT, "%.3f", d), ScreeningCascade.threeDecimals(d), Double.toString(d));
        }
    }
}
