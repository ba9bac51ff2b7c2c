package dev.safeflow.model.io;

import ai.djl.ndarray.NDArray;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.safeflow.model.ModelException;
import dev.safeflow.model.nn.DecoderLayer;
import dev.safeflow.model.nn.LlamaModel;
import dev.safeflow.model.nn.Projection;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Saves a model (typically after {@code LoraAdapter.merge()}) as a Hugging Face directory:
 * {@code config.json} and one F32 {@code model.safetensors}, with the checkpoint names
 * {@link ModelLoader} reads. Tokenizer files are the caller's to copy.
 */
public final class ModelWriter {

    private ModelWriter() {}

    public static void save(LlamaModel model, Path dir) {
        if (model.projections().stream().anyMatch(p -> p.lora() != null)) {
            throw new IllegalStateException("the model still has a LoRA adapter attached; merge or close it first");
        }
        Map<String, NDArray> t = new LinkedHashMap<>();
        t.put("model.embed_tokens.weight", model.embed());
        for (int i = 0; i < model.layers().size(); i++) {
            DecoderLayer l = model.layers().get(i);
            String p = "model.layers." + i + ".";
            t.put(p + "input_layernorm.weight", l.inputNorm().weight());
            t.put(p + "post_attention_layernorm.weight", l.postAttentionNorm().weight());
        }
        for (Projection p : model.projections()) {
            t.put(p.name() + ".weight", p.weight());
            if (p.bias() != null) {
                t.put(p.name() + ".bias", p.bias());
            }
        }
        t.put("model.norm.weight", model.norm().weight());
        if (!model.config().tieWordEmbeddings()) {
            t.put("lm_head.weight", model.lmHead());
        }
        try {
            Files.createDirectories(dir);
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValue(dir.resolve("config.json").toFile(), model.config().toJson());
        } catch (IOException e) {
            throw new ModelException("cannot write model to " + dir + ": " + e.getMessage(), e);
        }
        SafeTensorsWriter.write(dir.resolve("model.safetensors"), t);
    }
}
