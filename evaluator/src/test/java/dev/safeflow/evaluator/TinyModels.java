package dev.safeflow.evaluator;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The committed random fixture models of {@code model/} (tiny Llama, vocabulary of 64 words, 128
 * positions). Smoke tests only: their text is random, but generation and batching are real.
 */
public final class TinyModels {

    private static final Path ROOT = Path.of(System.getProperty("user.dir")).resolve("../model/src/test/resources/models")
        .normalize();

    private TinyModels() {
    }

    /** The base model with a tokenizer and chat template. */
    public static Path llama() {
        return existing(ROOT.resolve("llama-gqa"));
    }

    /** A random PEFT LoRA adapter on {@link #llama()} (q, v, down projections). */
    public static Path llamaLora() {
        return existing(ROOT.resolve("llama-gqa-lora"));
    }

    /** The testbed's bundled model organism (aligned: refuses held-out harmful prompts), or null if absent. */
    public static Path organism() {
        Path p = Path.of(System.getProperty("user.dir")).resolve("../models/safeflow-organism-v1").normalize();
        return Files.isRegularFile(p.resolve("config.json")) ? p : null;
    }

    private static Path existing(Path p) {
        if (!Files.isDirectory(p)) {
            throw new IllegalStateException("fixture model " + p + " is missing; run the tests from the evaluator module");
        }
        return p;
    }
}
