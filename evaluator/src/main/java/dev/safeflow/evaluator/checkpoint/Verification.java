package dev.safeflow.evaluator.checkpoint;

import java.util.List;

/** The outcome of checking a checkpoint directory against its manifest: every problem found, none if intact. */
public record Verification(List<String> problems) {

    public Verification {
        problems = List.copyOf(problems);
    }

    public boolean intact() {
        return problems.isEmpty();
    }

    /** One line for an alert or a decision reason. */
    public String summary() {
        return intact() ? "manifest verified" : "manifest verification failed: " + String.join("; ", problems);
    }
}
