package dev.safeflow.model.io;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.safeflow.model.ModelException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The weights of a Hugging Face model directory: {@code model.safetensors}, or the shards listed in
 * {@code model.safetensors.index.json}. Every tensor is checked against the shape the model expects.
 */
public final class Weights implements AutoCloseable {

    private final Path dir;
    private final Map<String, SafeTensors> byName = new LinkedHashMap<>();
    private final Map<String, SafeTensors> files = new HashMap<>();

    private Weights(Path dir) {
        this.dir = dir;
    }

    public static Weights open(Path dir) {
        Weights w = new Weights(dir);
        Path single = dir.resolve("model.safetensors");
        Path index = dir.resolve("model.safetensors.index.json");
        if (Files.isRegularFile(single)) {
            SafeTensors st = SafeTensors.open(single);
            w.files.put(single.toString(), st);
            st.names().forEach(n -> w.byName.put(n, st));
        } else if (Files.isRegularFile(index)) {
            try {
                JsonNode map = new ObjectMapper().readTree(index.toFile()).path("weight_map");
                for (Map.Entry<String, JsonNode> e : map.properties()) {
                    Path shard = dir.resolve(e.getValue().asText());
                    SafeTensors st = w.files.computeIfAbsent(shard.toString(), k -> SafeTensors.open(shard));
                    w.byName.put(e.getKey(), st);
                }
            } catch (IOException e) {
                throw new ModelException("cannot read " + index + ": " + e.getMessage(), e);
            }
        } else {
            throw new ModelException("no model.safetensors or model.safetensors.index.json in " + dir
                    + "; convert .bin checkpoints to safetensors first");
        }
        return w;
    }

    public Set<String> names() {
        return byName.keySet();
    }

    public boolean has(String name) {
        return byName.containsKey(name);
    }

    /** Loads {@code name} as F32 and checks its shape. */
    public NDArray load(String name, Shape expected, NDManager manager) {
        SafeTensors st = byName.get(name);
        if (st == null) {
            throw new ModelException("tensor " + name + " is missing from " + dir + "; expected shape " + expected);
        }
        Shape actual = new Shape(st.entry(name).shape());
        if (!actual.equals(expected)) {
            throw new ModelException("tensor " + name + " in " + st.file() + " has shape " + actual
                    + ", expected " + expected + "; does config.json match the weights?");
        }
        return st.read(name, manager);
    }

    /** The dtype the checkpoint stores (of its first tensor), e.g. BF16. */
    public String storedDtype() {
        return byName.isEmpty() ? "none" : byName.values().iterator().next()
                .entry(byName.keySet().iterator().next()).dtype();
    }

    /** Total elements over all tensors. */
    public long parameterCount() {
        long n = 0;
        for (Map.Entry<String, SafeTensors> e : byName.entrySet()) {
            long c = 1;
            for (long d : e.getValue().entry(e.getKey()).shape()) {
                c *= d;
            }
            n += c;
        }
        return n;
    }

    @Override
    public void close() {
        files.values().forEach(SafeTensors::close);
    }
}
