package dev.safeflow.schemas.config;

import java.util.List;

/** Configuration that cannot be used; lists every problem at once so one edit fixes them all. */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final List<String> problems;

    public ConfigException(List<String> problems) {
        super(problems.size() == 1
            ? "invalid configuration: " + problems.get(0)
            : "invalid configuration (" + problems.size() + " problems):\n  - " + String.join("\n  - ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
