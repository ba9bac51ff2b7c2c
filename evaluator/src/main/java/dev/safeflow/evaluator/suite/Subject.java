package dev.safeflow.evaluator.suite;

import dev.safeflow.model.ModelRuntime;
import java.nio.file.Path;

/**
 * The model under evaluation: loaded, and where it came from, because the attack suite fine-tunes a
 * fresh copy from the same files.
 *
 * @param baseModel base model directory
 * @param adapter   PEFT adapter (checkpoint) directory, or null for the base model alone
 * @param runtime   base + adapter, loaded
 */
public record Subject(Path baseModel, Path adapter, ModelRuntime runtime) {
}
