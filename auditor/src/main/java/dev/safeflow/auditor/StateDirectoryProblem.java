package dev.safeflow.auditor;

import java.util.Locale;

/**
 * Turns Kafka Streams' failures to take its state directory at start into one sentence an operator can act on:
 * another auditor holds the directory, the disk is full, or the directory cannot be written. Anything else is
 * left as it is, a bug to report.
 */
final class StateDirectoryProblem {
    private StateDirectoryProblem() {
    }

    /** The user-facing error for {@code e}, or {@code e} itself when it is not a state directory problem. */
    static RuntimeException explain(RuntimeException e, String stateDir, String applicationId) {
        String chain = chain(e).toLowerCase(Locale.ROOT);
        String dir = stateDir + "/" + applicationId;
        if (chain.contains("no space left")) {
            return new IllegalStateException("the disk holding the auditor's state directory " + dir + " is full: free "
                + "space there or set auditor.state-dir to a directory on another disk", e);
        }
        if (chain.contains("already locked") || chain.contains("multiple instances") || chain.contains("failed to lock")) {
            return new IllegalStateException("the auditor state directory " + dir + " is locked by another auditor with "
                + "application id " + applicationId + ": stop that one, or give this one its own auditor.state-dir", e);
        }
        if (chain.contains("couldn't be created") || chain.contains("existing file") || chain.contains("permission denied")
            || chain.contains("accessdenied") || chain.contains("read-only file system")) {
            return new IllegalStateException("the auditor state directory " + dir + " cannot be created or written ("
                + rootMessage(e) + "): set auditor.state-dir to a writable directory", e);
        }
        return e;
    }

    private static String chain(Throwable e) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            all.append(t.getClass().getSimpleName()).append(": ").append(t.getMessage()).append('\n');
        }
        return all.toString();
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return String.valueOf(root.getMessage());
    }
}
