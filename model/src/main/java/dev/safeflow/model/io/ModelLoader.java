package dev.safeflow.model.io;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.safeflow.model.ModelConfig;
import dev.safeflow.model.nn.Attention;
import dev.safeflow.model.nn.DecoderLayer;
import dev.safeflow.model.nn.LlamaModel;
import dev.safeflow.model.nn.Mlp;
import dev.safeflow.model.nn.Projection;
import dev.safeflow.model.nn.RmsNorm;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds a {@link LlamaModel} from a Hugging Face directory. All checkpoint-name mapping lives here,
 * and every tensor is shape-checked against config.json before use.
 */
public final class ModelLoader {

    private ModelLoader() {}

    /** Where weights come from: a checkpoint, or random values for benchmarks. */
    @FunctionalInterface
    public interface Source {
        NDArray load(String name, Shape shape, NDManager manager);

        default boolean has(String name) {
            return true;
        }
    }

    /** Loads config and weights; the model's arrays live in a sub-manager of {@code parent}. */
    public static LlamaModel load(Path dir, NDManager parent) {
        return load(dir, parent, DataType.FLOAT32);
    }

    /**
     * As {@link #load(Path, NDManager)}, holding the frozen linear weights (embedding, projections, head)
     * in {@code base} precision; norms stay float32. Half precision only on a CUDA manager: the CPU build
     * of libtorch aborts on BF16 arrays (see {@code Placement}).
     */
    public static LlamaModel load(Path dir, NDManager parent, DataType base) {
        ModelConfig c = ModelConfig.load(dir);
        try (Weights w = Weights.open(dir)) {
            Source source = w::load;
            return build(c, base == DataType.FLOAT32 ? source : (name, shape, m) -> {
                NDArray f32 = source.load(name, shape, m);
                if (name.endsWith("norm.weight")) {
                    return f32;
                }
                NDArray half = f32.toType(base, false);
                f32.close();
                return half;
            }, parent);
        }
    }

    /**
     * A model with random weights (N(0, 0.02²), norms at 1) for benchmarks and tests; seed with
     * {@code Engine.setRandomSeed} first for repeatability.
     */
    public static LlamaModel random(ModelConfig c, NDManager parent) {
        return build(c, (name, shape, m) -> name.endsWith("norm.weight") ? m.ones(shape)
                : m.randomNormal(0f, 0.02f, shape, ai.djl.ndarray.types.DataType.FLOAT32), parent);
    }

    private static LlamaModel build(ModelConfig c, Source w, NDManager parent) {
        NDManager m = parent.newSubManager();
        try {
            long h = c.hiddenSize();
            long qOut = (long) c.numHeads() * c.headDim();
            long kvOut = (long) c.numKvHeads() * c.headDim();
            long inter = c.intermediateSize();
            NDArray embed = w.load("model.embed_tokens.weight", new Shape(c.vocabSize(), h), m);
            List<DecoderLayer> layers = new ArrayList<>();
            for (int i = 0; i < c.numLayers(); i++) {
                String p = "model.layers." + i + ".";
                Attention attn = new Attention(c,
                        proj(w, m, p + "self_attn.q_proj", qOut, h, c.attentionBias()),
                        proj(w, m, p + "self_attn.k_proj", kvOut, h, c.attentionBias()),
                        proj(w, m, p + "self_attn.v_proj", kvOut, h, c.attentionBias()),
                        proj(w, m, p + "self_attn.o_proj", h, qOut, false));
                Mlp mlp = new Mlp(
                        proj(w, m, p + "mlp.gate_proj", inter, h, false),
                        proj(w, m, p + "mlp.up_proj", inter, h, false),
                        proj(w, m, p + "mlp.down_proj", h, inter, false));
                layers.add(new DecoderLayer(
                        new RmsNorm(w.load(p + "input_layernorm.weight", new Shape(h), m), c.rmsNormEps()),
                        attn,
                        new RmsNorm(w.load(p + "post_attention_layernorm.weight", new Shape(h), m), c.rmsNormEps()),
                        mlp));
            }
            RmsNorm norm = new RmsNorm(w.load("model.norm.weight", new Shape(h), m), c.rmsNormEps());
            // Some tied checkpoints still store lm_head; the tie in config.json wins, as in transformers.
            NDArray head = c.tieWordEmbeddings() ? embed
                    : w.load("lm_head.weight", new Shape(c.vocabSize(), h), m);
            return new LlamaModel(c, m, embed, layers, norm, head);
        } catch (RuntimeException e) {
            m.close();
            throw e;
        }
    }

    private static Projection proj(Source w, NDManager m, String name, long out, long in, boolean bias) {
        NDArray weight = w.load(name + ".weight", new Shape(out, in), m);
        NDArray b = bias ? w.load(name + ".bias", new Shape(out), m) : null;
        return new Projection(name, weight, b);
    }
}
