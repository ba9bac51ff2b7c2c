package dev.safeflow.model;

import dev.safeflow.model.io.Weights;
import dev.safeflow.model.tokenizer.Tokenizer;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What {@code safeflow model info} prints, read from headers only: no weights are loaded.
 *
 * @param dtype as stored in the checkpoint (F32, F16, BF16); safeflow computes in F32
 * @param chatTemplate whether tokenizer_config.json carries a chat template
 */
public record ModelInfo(
        String architecture,
        long parameters,
        String dtype,
        int contextLength,
        int layers,
        int hiddenSize,
        int heads,
        int kvHeads,
        int vocabSize,
        boolean tiedEmbeddings,
        boolean hasTokenizer,
        boolean chatTemplate) {

    public static ModelInfo describe(Path dir) {
        ModelConfig c = ModelConfig.load(dir);
        long params;
        String dtype;
        try (Weights w = Weights.open(dir)) {
            params = w.parameterCount();
            dtype = w.storedDtype();
        }
        boolean tokenizer = Files.isRegularFile(dir.resolve("tokenizer.json"));
        boolean template = false;
        if (tokenizer) {
            try (Tokenizer t = Tokenizer.load(dir)) {
                template = !t.chatTemplate().isFallback();
            }
        }
        return new ModelInfo(c.architecture(), params, dtype, c.maxPositionEmbeddings(), c.numLayers(),
                c.hiddenSize(), c.numHeads(), c.numKvHeads(), c.vocabSize(), c.tieWordEmbeddings(), tokenizer,
                template);
    }

    /** Human-readable lines, one fact per line. */
    public String toText() {
        return String.join("\n",
                "architecture:   " + architecture,
                "parameters:     " + String.format("%,d", parameters),
                "dtype:          " + dtype + " (computed in F32)",
                "context length: " + contextLength,
                "layers:         " + layers + ", hidden " + hiddenSize + ", heads " + heads + " (kv " + kvHeads + ")",
                "vocabulary:     " + vocabSize + (tiedEmbeddings ? ", tied embeddings" : ""),
                "tokenizer:      " + (hasTokenizer ? "tokenizer.json" : "none"),
                "chat template:  " + (chatTemplate ? "present" : "none (built-in fallback)"));
    }
}
