package dev.safeflow.trainer.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import dev.safeflow.model.io.SafeTensors;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * AdamW as PyTorch computes it: decoupled decay {@code p ← p·(1 − lr·wd)}, moments
 * {@code m ← β1·m + (1−β1)·g}, {@code s ← β2·s + (1−β2)·g²}, then
 * {@code p ← p − (lr / (1−β1ᵗ)) · m / (√s / √(1−β2ᵗ) + ε)}.
 *
 * <p>Moments live in this optimizer's own manager and are updated in place; each step's temporaries
 * are closed by an {@link NDScope}. {@link #state()} and {@link #load} round-trip the moments and the
 * step count bit for bit.
 */
public final class AdamW implements AutoCloseable {

    private final String prefix;
    private final Map<String, NDArray> params;
    private final double beta1;
    private final double beta2;
    private final double eps;
    private final double weightDecay;
    private final NDManager manager;
    private final Map<String, NDArray> expAvg = new LinkedHashMap<>();
    private final Map<String, NDArray> expAvgSq = new LinkedHashMap<>();
    private long steps;

    /** @param prefix names this optimizer's tensors in {@code optimizer.safetensors}, e.g. {@code lora} */
    public AdamW(String prefix, Map<String, NDArray> params, double beta1, double beta2, double eps, double weightDecay,
            NDManager parent) {
        this.prefix = prefix;
        this.params = new LinkedHashMap<>(params);
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.weightDecay = weightDecay;
        this.manager = parent.newSubManager();
        params.forEach((name, p) -> {
            expAvg.put(name, manager.zeros(p.getShape()));
            expAvgSq.put(name, manager.zeros(p.getShape()));
        });
    }

    /** One update of every parameter with {@code grads}, given in the order of the parameters. */
    public void step(List<NDArray> grads, double lr) {
        if (grads.size() != params.size()) {
            throw new IllegalArgumentException(grads.size() + " gradients for " + params.size() + " parameters");
        }
        steps++;
        double bc1 = 1 - Math.pow(beta1, steps);
        double bc2Sqrt = Math.sqrt(1 - Math.pow(beta2, steps));
        float stepSize = (float) (lr / bc1);
        float decay = (float) (1 - lr * weightDecay);
        int i = 0;
        try (NDScope scope = new NDScope()) {
            for (Map.Entry<String, NDArray> e : params.entrySet()) {
                NDArray g = grads.get(i++);
                NDArray p = e.getValue();
                NDArray m = expAvg.get(e.getKey());
                NDArray s = expAvgSq.get(e.getKey());
                p.muli(decay);
                m.muli((float) beta1).addi(g.mul((float) (1 - beta1)));
                s.muli((float) beta2).addi(g.mul(g).muli((float) (1 - beta2)));
                NDArray denom = s.sqrt().divi((float) bc2Sqrt).addi((float) eps);
                p.subi(m.div(denom).muli(stepSize));
            }
        }
    }

    public long steps() {
        return steps;
    }

    /** Moments as {@code <prefix>.<param>.exp_avg|exp_avg_sq}, plus {@code <prefix>.step}; arrays in {@code m}. */
    public Map<String, NDArray> state(NDManager m) {
        Map<String, NDArray> out = new LinkedHashMap<>();
        expAvg.forEach((name, a) -> out.put(prefix + "." + name + ".exp_avg", a));
        expAvgSq.forEach((name, a) -> out.put(prefix + "." + name + ".exp_avg_sq", a));
        out.put(prefix + ".step", m.create(new long[] {steps}));
        return out;
    }

    /** Restores what {@link #state} wrote; every moment must be present with its parameter's shape. */
    public void load(SafeTensors file) {
        try (NDManager tmp = manager.newSubManager()) {
            for (String name : params.keySet()) {
                copy(file, prefix + "." + name + ".exp_avg", expAvg.get(name), tmp);
                copy(file, prefix + "." + name + ".exp_avg_sq", expAvgSq.get(name), tmp);
            }
            String key = prefix + ".step";
            if (file.entry(key) == null) {
                throw new IllegalStateException(file.file() + " has no " + key + "; the checkpoint is incomplete");
            }
            steps = file.read(key, tmp).toLongArray()[0];
        }
    }

    private static void copy(SafeTensors file, String key, NDArray into, NDManager tmp) {
        if (file.entry(key) == null) {
            throw new IllegalStateException(file.file() + " has no " + key + "; was it written for another adapter?");
        }
        NDArray saved = file.read(key, tmp);
        if (!saved.getShape().equals(into.getShape())) {
            throw new IllegalStateException(file.file() + ": " + key + " has shape " + saved.getShape() + ", expected "
                    + into.getShape());
        }
        into.set(saved.toByteBuffer());
    }

    @Override
    public void close() {
        manager.close();
    }
}
