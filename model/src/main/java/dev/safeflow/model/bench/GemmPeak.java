package dev.safeflow.model.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.safeflow.model.Djl;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * The float32 matrix-multiply rate libtorch reaches on this machine now, the denominator of model-FLOPs
 * utilisation: measured in the same run as the steps it is compared with, so both see the same load.
 */
public final class GemmPeak {

    private GemmPeak() {
    }

    /**
     * The best rate of square n × n products over {@code sizes}, {@code reps} timed products each: by wall
     * clock, and by the calling thread's CPU time (which is the whole cost when libtorch runs on one thread,
     * and does not count the time other processes took the core).
     */
    public record Rate(double wallGflops, double cpuGflops) {}

    /** See {@link Rate}. */
    public static Rate measure(int[] sizes, int reps) {
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        double best = 0;
        double bestCpu = 0;
        try (NDManager m = Djl.newManager()) {
            for (int n : sizes) {
                NDArray a = m.randomUniform(-1f, 1f, new Shape(n, n), DataType.FLOAT32);
                NDArray b = m.randomUniform(-1f, 1f, new Shape(n, n), DataType.FLOAT32);
                a.matMul(b).close(); // warm-up: thread pool and packing buffers
                for (int r = 0; r < reps; r++) {
                    long t0 = System.nanoTime();
                    long c0 = cpu.getCurrentThreadCpuTime();
                    try (NDArray c = a.matMul(b)) {
                        c.getFloat(0, 0); // wait for the product
                    }
                    double flops = 2.0 * n * n * (double) n;
                    best = Math.max(best, flops / ((System.nanoTime() - t0) / 1e9) / 1e9);
                    bestCpu = Math.max(bestCpu, flops / ((cpu.getCurrentThreadCpuTime() - c0) / 1e9) / 1e9);
                }
                a.close();
                b.close();
            }
        }
        return new Rate(best, bestCpu);
    }
}
