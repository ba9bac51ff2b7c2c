package dev.safeflow.evaluator.suite;

/** One evaluated prompt: what was asked, what came back, and the label it got. */
public record Sample(String prompt, String response, String verdict, String category) {
}
