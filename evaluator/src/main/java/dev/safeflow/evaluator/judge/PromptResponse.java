package dev.safeflow.evaluator.judge;

/** One prompt and the model's response to it: what a judge reads. */
public record PromptResponse(String prompt, String response) {
}
