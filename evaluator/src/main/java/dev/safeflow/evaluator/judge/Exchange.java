package dev.safeflow.evaluator.judge;

/** One prompt and the model's response to it: what a judge reads. */
public record Exchange(String prompt, String response) {
}
