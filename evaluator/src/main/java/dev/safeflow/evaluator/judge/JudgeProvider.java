package dev.safeflow.evaluator.judge;

import java.util.Map;

/**
 * A judge another module contributes (the testbed's exact judge), found with {@link java.util.ServiceLoader}:
 * list the implementation in {@code META-INF/services/dev.safeflow.evaluator.judge.JudgeProvider}.
 * The evaluator cannot depend on the testbed (the testbed depends on the evaluator), hence the indirection.
 */
public interface JudgeProvider {

    /** The name users write in {@code evaluator.judge}, e.g. {@code testbed}. */
    String name();

    /** A new judge; {@code options} are the {@code evaluator.judge.*} settings as text. */
    Judge create(Map<String, String> options);
}
