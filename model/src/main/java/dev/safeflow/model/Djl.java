package dev.safeflow.model;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;

/**
 * The one place that starts DJL's PyTorch engine. It runs offline: libtorch comes from the
 * {@code pytorch-native-cpu} jar on the classpath, and {@code ai.djl.offline=true} makes a missing
 * native library an error instead of a download.
 */
public final class Djl {

    public static final String ENGINE = "PyTorch";

    private Djl() {}

    /** A new root manager on the PyTorch engine; close it to free everything created under it. */
    public static NDManager newManager() {
        return engine().newBaseManager();
    }

    /** A new root manager on {@code device}: what is created under it lives there. */
    public static NDManager newManager(ai.djl.Device device) {
        return engine().newBaseManager(device);
    }

    /** The PyTorch engine, started offline on first use. */
    public static synchronized Engine engine() {
        offline();
        return Engine.getEngine(ENGINE);
    }

    /**
     * Intra-op threads of libtorch (default: one per core). On a machine shared with other jobs,
     * fewer threads than cores are often faster, because libtorch's OpenMP barriers wait for the
     * slowest thread.
     */
    public static void setThreads(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + n);
        }
        engine();
        JniUtils.setNumThreads(n);
    }

    /** libtorch's intra-op thread count now. */
    public static int threads() {
        engine();
        return JniUtils.getNumThreads();
    }

    /**
     * Sets {@code ai.djl.offline=true} unless the user chose otherwise. Besides native downloads it
     * also stops DJL's usage ping ({@code Ec2Utils.callHome}), which the tokenizer would otherwise send.
     */
    public static void offline() {
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
    }
}
