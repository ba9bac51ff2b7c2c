package dev.safeflow.app;

import dev.safeflow.model.Djl;
import picocli.CommandLine.Option;

/** {@code --threads}: libtorch's intra-op threads, for every command that runs a model; declared once here. */
final class TorchThreads {
    @Option(names = "--threads", paramLabel = "N",
        description = "libtorch intra-op threads (default one per core; fewer is often faster on a shared machine).")
    Integer threads;

    /** Sets the thread count when one was given; call before the first model is loaded. */
    void apply() {
        if (threads != null) {
            Djl.setThreads(threads);
        }
    }
}
