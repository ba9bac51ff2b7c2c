package dev.safeflow.auditor.screen;

import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import java.util.concurrent.Executor;

/** The sentence encoders the embedding screener can run; both are ONNX files inside Maven Central jars. */
public final class EmbeddingModels {
    public static final String FULL = "all-minilm-l6-v2";
    public static final String QUANTIZED = "all-minilm-l6-v2-q";

    private EmbeddingModels() {
    }

    static EmbeddingModel load(String name, Executor executor) {
        return switch (name) {
            case FULL -> new AllMiniLmL6V2EmbeddingModel(executor);
            case QUANTIZED -> new AllMiniLmL6V2QuantizedEmbeddingModel(executor);
            default -> throw new IllegalArgumentException("unknown encoder " + name + ": use " + FULL + " or " + QUANTIZED);
        };
    }
}
