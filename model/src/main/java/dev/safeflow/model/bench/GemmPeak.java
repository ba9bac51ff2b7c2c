package dev.safeflow.model.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.safeflow.model.Djl;

/**
 * The float32 matrix-multiply rate libtorch reaches on this machine now, the denominator of model-FLOPs
 * utilisation: measured in the same run as the steps it is compared with, so both see the same load.
 */
public final class GemmPeak {

    private GemmPeak() {
    }

    /** The best GFLOP/s of square n × n products over {@code sizes}, {@code reps} timed products each. */
    public static double gflops(int[] sizes, int reps) {
        double best = 0;
        try (NDManager m = Djl.newManager()) {
            for (int n : sizes) {
                NDArray a = m.randomUniform(-1f, 1f, new Shape(n, n), DataType.FLOAT32);
                NDArray b = m.randomUniform(-1f, 1f, new Shape(n, n), DataType.FLOAT32);
                a.matMul(b).close(); // warm-up: thread pool and packing buffers
                for (int r = 0; r < reps; r++) {
                    long t0 = System.nanoTime();
                    try (NDArray c = a.matMul(b)) {
                        c.getFloat(0, 0); // wait for the product
                    }
                    double seconds = (System.nanoTime() - t0) / 1e9;
                    best = Math.max(best, 2.0 * n * n * (double) n / seconds / 1e9);
                }
                a.close();
                b.close();
            }
        }
        return best;
    }
}
