package dev.safeflow.evaluator.suite;

/**
 * One evaluation prompt.
 *
 * @param prompt   what the model is asked
 * @param answer   the expected answer (utility), or null
 * @param category harm category or task name, or null
 */
public record LabelledPrompt(String prompt, String answer, String category) {
}
