package dev.safeflow.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import dev.safeflow.model.io.SafeTensors;
import dev.safeflow.model.io.SafeTensorsWriter;
import dev.safeflow.model.nn.LlamaModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * SAP probe vectors (DESIGN.md): one zero-initialised (H) vector per chosen layer, added to that
 * layer's MLP down-projection output. Trainable independently of LoRA and never part of an adapter;
 * they are saved on their own as {@code probe.safetensors} with keys {@code probe.layers.<i>}.
 */
public final class Probes implements AutoCloseable {

    private final LlamaModel model;
    private final NDManager manager;
    private final Map<Integer, NDArray> vectors = new LinkedHashMap<>();

    private Probes(LlamaModel model, int[] layers) {
        this.model = model;
        this.manager = model.manager().newSubManager();
        for (int l : layers) {
            if (l < 0 || l >= model.layers().size()) {
                throw new IllegalArgumentException("probe layer " + l + " is outside [0, " + model.layers().size() + ")");
            }
            NDArray v = manager.zeros(new Shape(model.config().hiddenSize()));
            vectors.put(l, v);
            model.layers().get(l).setProbe(v);
        }
    }

    /** Zero probes at {@code layers}, attached to the model. */
    public static Probes attach(LlamaModel model, int... layers) {
        return new Probes(model, layers);
    }

    /**
     * DESIGN.md's default: layers floor(0.1·L) and floor(0.3·L), distinct. Floor, not round, because it
     * gives the reference's [3, 9] for 32 layers (round would give [3, 10]).
     */
    public static int[] defaultLayers(int numLayers) {
        int a = (int) Math.floor(0.1 * numLayers);
        int b = (int) Math.floor(0.3 * numLayers);
        return a == b ? new int[] {a} : new int[] {a, b};
    }

    public List<NDArray> parameters() {
        return new ArrayList<>(vectors.values());
    }

    public Map<Integer, NDArray> byLayer() {
        return vectors;
    }

    public void setTrainable(boolean trainable) {
        vectors.values().forEach(v -> v.setRequiresGradient(trainable));
    }

    /** Sets every probe to zero in place (SAP resets v before its probe step). */
    public void zero() {
        vectors.values().forEach(v -> v.muli(0));
    }

    public void save(Path file) {
        Map<String, NDArray> out = new LinkedHashMap<>();
        vectors.forEach((l, v) -> out.put("probe.layers." + l, v));
        SafeTensorsWriter.write(file, out);
    }

    /** Copies saved values into these probes; every probe layer must be present in the file. */
    public void load(Path file) {
        try (SafeTensors st = SafeTensors.open(file); NDManager tmp = manager.newSubManager()) {
            vectors.forEach((l, v) -> {
                NDArray saved = st.read("probe.layers." + l, tmp);
                // An indexed copy, not set(buffer): DJL's buffer copy enters libtorch's deprecated
                // AutoNonVariableTypeMode, which prints a warning to the terminal.
                v.set(new NDIndex(":"), saved);
            });
        }
    }

    /** Detaches the probes from the model and frees them. */
    @Override
    public void close() {
        vectors.keySet().forEach(l -> model.layers().get(l).setProbe(null));
        vectors.clear();
        manager.close();
    }
}
