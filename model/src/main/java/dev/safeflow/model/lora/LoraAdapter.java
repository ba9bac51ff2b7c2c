package dev.safeflow.model.lora;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.safeflow.model.ModelException;
import dev.safeflow.model.io.SafeTensors;
import dev.safeflow.model.io.SafeTensorsWriter;
import dev.safeflow.model.nn.LlamaModel;
import dev.safeflow.model.nn.Projection;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * A LoRA adapter attached to a model's projections, in PEFT's file format: {@code adapter_config.json}
 * and {@code adapter_model.safetensors} with keys like
 * {@code base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight}.
 *
 * <p>Its arrays live in its own manager; {@link #close()} detaches and frees them.
 */
public final class LoraAdapter implements AutoCloseable {

    private static final String PREFIX = "base_model.model.";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final LoraConfig config;
    private final NDManager manager;
    private final Map<Projection, LoraWeights> weights = new LinkedHashMap<>();

    private LoraAdapter(LoraConfig config, NDManager manager) {
        this.config = config;
        this.manager = manager;
    }

    /** A fresh adapter: A Kaiming-uniform like PEFT (bound 1/sqrt(in)), B zero, so it starts as the base. */
    public static LoraAdapter init(LlamaModel model, LoraConfig config, long seed) {
        LoraAdapter adapter = new LoraAdapter(config, model.manager().newSubManager());
        SplittableRandom rnd = new SplittableRandom(seed);
        for (Projection p : targets(model, config)) {
            int in = (int) p.inFeatures();
            float bound = (float) (1.0 / Math.sqrt(in));
            float[] a = new float[config.r() * in];
            for (int i = 0; i < a.length; i++) {
                a[i] = (float) rnd.nextDouble(-bound, bound);
            }
            adapter.attach(p, adapter.manager.create(a, new Shape(config.r(), in)),
                    adapter.manager.zeros(new Shape(p.outFeatures(), config.r())));
        }
        return adapter;
    }

    /** Loads a PEFT adapter directory onto {@code model}; missing or mis-shaped tensors are named. */
    public static LoraAdapter load(Path dir, LlamaModel model) {
        Path cfgFile = dir.resolve("adapter_config.json");
        Path file = dir.resolve("adapter_model.safetensors");
        if (!Files.isRegularFile(cfgFile) || !Files.isRegularFile(file)) {
            throw new ModelException(dir + " is not a PEFT adapter directory: it needs adapter_config.json and"
                    + " adapter_model.safetensors");
        }
        LoraConfig config;
        try {
            config = LoraConfig.fromJson(JSON.readTree(cfgFile.toFile()), cfgFile.toString());
        } catch (IOException e) {
            throw new ModelException("cannot read " + cfgFile + ": " + e.getMessage(), e);
        }
        LoraAdapter adapter = new LoraAdapter(config, model.manager().newSubManager());
        try (SafeTensors st = SafeTensors.open(file)) {
            Set<String> unused = new TreeSet<>(st.names());
            for (Projection p : targets(model, config)) {
                NDArray a = tensor(st, p.name(), "lora_A", new Shape(config.r(), p.inFeatures()), adapter.manager);
                NDArray b = tensor(st, p.name(), "lora_B", new Shape(p.outFeatures(), config.r()), adapter.manager);
                unused.remove(a.getName());
                unused.remove(b.getName());
                adapter.attach(p, a, b);
            }
            if (!unused.isEmpty()) {
                throw new ModelException(file + " holds tensors safeflow would ignore, e.g. " + unused.iterator().next()
                        + "; only LoRA A/B of decoder projections are supported (no modules_to_save or embeddings)");
            }
        } catch (RuntimeException e) {
            adapter.close();
            throw e;
        }
        return adapter;
    }

    private static NDArray tensor(SafeTensors st, String module, String part, Shape expected, NDManager m) {
        String key = PREFIX + module + "." + part + ".weight";
        if (st.entry(key) == null) {
            key = PREFIX + module + "." + part + ".default.weight"; // in-memory PEFT state_dict naming
        }
        if (st.entry(key) == null) {
            throw new ModelException("adapter tensor " + PREFIX + module + "." + part + ".weight is missing from "
                    + st.file() + "; expected shape " + expected);
        }
        Shape actual = new Shape(st.entry(key).shape());
        if (!actual.equals(expected)) {
            throw new ModelException("adapter tensor " + key + " has shape " + actual + ", expected " + expected
                    + "; was the adapter trained for this base model?");
        }
        return st.read(key, m);
    }

    private static List<Projection> targets(LlamaModel model, LoraConfig config) {
        List<Projection> out = new ArrayList<>();
        for (Projection p : model.projections()) {
            if (config.targets(p.name())) {
                if (p.lora() != null) {
                    throw new ModelException("module " + p.name() + " already has an adapter; close it first");
                }
                out.add(p);
            }
        }
        if (out.isEmpty()) {
            throw new ModelException("LoRA target_modules " + config.targetModules()
                    + " match no projection; use names like q_proj, k_proj, v_proj, o_proj, gate_proj, up_proj,"
                    + " down_proj");
        }
        return out;
    }

    private void attach(Projection p, NDArray a, NDArray b) {
        LoraWeights w = new LoraWeights(a, b, config.scale(), config.dropout());
        p.setLora(w);
        weights.put(p, w);
    }

    /** Writes adapter_config.json and adapter_model.safetensors into {@code dir} (created if absent). */
    public void save(Path dir, String baseModel) {
        try {
            Files.createDirectories(dir);
            JSON.writeValue(dir.resolve("adapter_config.json").toFile(), config.toJson(baseModel));
        } catch (IOException e) {
            throw new ModelException("cannot write adapter to " + dir + ": " + e.getMessage(), e);
        }
        Map<String, NDArray> tensors = new LinkedHashMap<>();
        weights.forEach((p, w) -> {
            tensors.put(PREFIX + p.name() + ".lora_A.weight", w.a());
            tensors.put(PREFIX + p.name() + ".lora_B.weight", w.b());
        });
        SafeTensorsWriter.write(dir.resolve("adapter_model.safetensors"), tensors);
    }

    /** Folds {@code scale · B A} into each base weight and detaches the adapter; the model no longer needs it. */
    public void merge() {
        weights.forEach((p, w) -> {
            NDArray merged = p.weight().add(w.delta());
            merged.attach(p.weight().getManager());
            p.replaceWeight(merged);
        });
        close();
    }

    /** The trainable arrays, A then B per projection, in layer order. */
    public List<NDArray> parameters() {
        List<NDArray> out = new ArrayList<>();
        weights.values().forEach(w -> {
            out.add(w.a());
            out.add(w.b());
        });
        return out;
    }

    /** Named like the PEFT keys, for optimizers and checkpoints. */
    public Map<String, NDArray> namedParameters() {
        Map<String, NDArray> out = new LinkedHashMap<>();
        weights.forEach((p, w) -> {
            out.put(PREFIX + p.name() + ".lora_A.weight", w.a());
            out.put(PREFIX + p.name() + ".lora_B.weight", w.b());
        });
        return out;
    }

    /** Turns gradient tracking of every LoRA array on or off (the base is always frozen). */
    public void setTrainable(boolean trainable) {
        parameters().forEach(a -> a.setRequiresGradient(trainable));
    }

    public LoraConfig config() {
        return config;
    }

    /** Detaches from the model and frees the arrays. */
    @Override
    public void close() {
        weights.keySet().forEach(p -> p.setLora(null));
        weights.clear();
        manager.close();
    }
}
