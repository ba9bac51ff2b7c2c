package dev.safeflow.evaluator.judge;

import java.util.Map;

/**
 * A judge another module contributes, found with {@link java.util.ServiceLoader}: list the
 * implementation in {@code META-INF/services/dev.safeflow.evaluator.judge.JudgeProvider}. Modules above
 * the evaluator in the module graph plug judges in this way without the evaluator importing them.
 */
public interface JudgeProvider {

    /** The name users write in {@code evaluator.judge}, e.g. {@code testbed}. */
    String name();

    /** A new judge; {@code options} are the {@code evaluator.judge.*} settings as text. */
    Judge create(Map<String, String> options);
}
