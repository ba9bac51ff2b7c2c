package dev.safeflow.trainer.step;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.safeflow.model.io.SafeTensors;
import dev.safeflow.model.io.SafeTensorsWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A learner's files in a checkpoint directory: the PEFT adapter ({@code adapter_config.json},
 * {@code adapter_model.safetensors}), {@code probe.safetensors} (empty under SFT) and
 * {@code optimizer.safetensors} (both AdamW states and SAP's cached direction). Restoring them and
 * the step count reproduces the learner bit for bit.
 */
public final class LearnerState {

    public static final String ADAPTER = "adapter_model.safetensors";
    public static final String PROBE = "probe.safetensors";
    public static final String OPTIMIZER = "optimizer.safetensors";
    private static final String DIRECTION_NORM = "sap.direction_log10_norm";
    private static final String FILTER_WINDOW = "filter.window";

    private LearnerState() {}

    public static void save(Learner l, Path dir, String baseModel) {
        l.lora.save(dir, baseModel);
        try (NDManager m = l.manager().newSubManager()) {
            if (l.probes != null) {
                l.probes.save(dir.resolve(PROBE));
            } else {
                SafeTensorsWriter.write(dir.resolve(PROBE), Map.of());
            }
            Map<String, NDArray> opt = new LinkedHashMap<>(l.thetaOptimizer.state(m));
            if (l.probeOptimizer != null) {
                opt.putAll(l.probeOptimizer.state(m));
            }
            List<NDArray> dir0 = l.cachedDirection();
            if (dir0 != null) {
                for (int i = 0; i < dir0.size(); i++) {
                    opt.put("sap.direction." + i, dir0.get(i));
                }
                opt.put(DIRECTION_NORM, m.create(new float[] {(float) l.directionLog10Norm()}));
            }
            if (l.poisonFilter() != null && l.poisonFilter().window().length > 0) {
                double[] w = l.poisonFilter().window();
                float[] f = new float[w.length];
                for (int i = 0; i < w.length; i++) {
                    f[i] = (float) w[i];
                }
                opt.put(FILTER_WINDOW, m.create(f));
            }
            SafeTensorsWriter.write(dir.resolve(OPTIMIZER), opt);
        }
    }

    /** Loads what {@link #save} wrote and sets the step count to {@code steps}. */
    public static void load(Learner l, Path dir, long steps) {
        try (NDManager tmp = l.manager().newSubManager()) {
            try (SafeTensors st = SafeTensors.open(dir.resolve(ADAPTER))) {
                l.lora.namedParameters().forEach((name, p) -> {
                    if (st.entry(name) == null) {
                        throw new IllegalStateException(dir + " has no adapter tensor " + name
                                + "; it was trained with other LoRA settings");
                    }
                    p.set(st.read(name, tmp).toByteBuffer());
                });
            }
            if (l.probes != null) {
                l.probes.load(dir.resolve(PROBE));
            }
            try (SafeTensors st = SafeTensors.open(dir.resolve(OPTIMIZER))) {
                l.thetaOptimizer.load(st);
                if (l.probeOptimizer != null) {
                    l.probeOptimizer.load(st);
                }
                if (l.poisonFilter() != null) {
                    l.poisonFilter().restoreWindow(st.entry(FILTER_WINDOW) == null ? new float[0]
                            : st.read(FILTER_WINDOW, tmp).toFloatArray());
                }
                if (l.probes != null && st.entry("sap.direction.0") != null) {
                    List<NDArray> d = new ArrayList<>();
                    for (int i = 0; st.entry("sap.direction." + i) != null; i++) {
                        d.add(st.read("sap.direction." + i, tmp));
                    }
                    l.setDirection(d);
                    l.setDirectionLog10Norm(st.entry(DIRECTION_NORM) == null ? Double.NaN
                            : st.read(DIRECTION_NORM, tmp).getFloat(0));
                }
            }
        }
        l.setSteps(steps);
    }
}
