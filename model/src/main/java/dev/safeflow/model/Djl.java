package dev.safeflow.model;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;

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

    /** The PyTorch engine, started offline on first use. */
    public static synchronized Engine engine() {
        offline();
        return Engine.getEngine(ENGINE);
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
