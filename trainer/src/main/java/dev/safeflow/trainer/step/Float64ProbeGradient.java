package dev.safeflow.trainer.step;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.safeflow.model.Probes;
import dev.safeflow.model.lora.LoraAdapter;
import dev.safeflow.model.lora.LoraWeights;
import dev.safeflow.model.nn.Attention;
import dev.safeflow.model.nn.DecoderLayer;
import dev.safeflow.model.nn.LlamaModel;
import dev.safeflow.model.nn.Mlp;
import dev.safeflow.model.nn.Projection;
import dev.safeflow.model.nn.RmsNorm;
import dev.safeflow.trainer.data.Batch;
import dev.safeflow.trainer.optim.Grads;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * SAP's probe gradient D = ∇_v[L(θ,v) − L(θ+ρĝ,v)] on a float64 copy of the model
 * ({@code trainer.sap.probe-precision: float64}).
 *
 * <p>Why float64: D is the difference of two nearly equal gradients. In float32 each carries rounding of
 * about u = 2⁻²⁴ of its size, while D is about grad_rate of it, so D's relative error is about u / grad_rate
 * (6.9e-2 at grad_rate 1e-6 and 3.8e-3 at the paper's 2e-5 on the tiny test model). Rounding θ+ρĝ is only
 * about a seventh of that; the rest is the rounding inside the two passes, which differ in every activation
 * after the first LoRA layer, so no float32 arrangement of the perturbation removes it. In float64 the same two
 * passes leave about 2⁻⁵³ / grad_rate.
 *
 * <p>The copy holds the base weights in float64 (twice a float32 model's memory) and its own θ and v, set from
 * the float32 ones at every call (widening is exact); θ+ρĝ is formed in float64. ∇_θ L stays with the float32
 * model, so SAP with grad_rate 0 still trains exactly as SFT does.
 */
final class Float64ProbeGradient implements AutoCloseable {

    private final NDManager manager;
    private final LlamaModel model;
    private final List<NDArray> theta = new ArrayList<>(); // the float32 adapter's order
    private final List<NDArray> probes = new ArrayList<>(); // the float32 probes' order

    Float64ProbeGradient(LlamaModel f32, LoraAdapter lora, Probes f32Probes) {
        this.manager = f32.manager().newSubManager();
        Map<NDArray, NDArray> wideOf = new IdentityHashMap<>(); // float32 θ tensor → its float64 copy
        NDArray embed = wide(f32.embed());
        double eps = f32.config().rmsNormEps();
        List<DecoderLayer> layers = new ArrayList<>();
        for (DecoderLayer l : f32.layers()) {
            Projection[] a = l.attention().projections();
            Projection[] m = l.mlp().projections();
            layers.add(new DecoderLayer(new RmsNorm(wide(l.inputNorm().weight()), eps),
                    new Attention(f32.config(), copy(a[0], wideOf, lora), copy(a[1], wideOf, lora),
                            copy(a[2], wideOf, lora), copy(a[3], wideOf, lora)),
                    new RmsNorm(wide(l.postAttentionNorm().weight()), eps),
                    new Mlp(copy(m[0], wideOf, lora), copy(m[1], wideOf, lora), copy(m[2], wideOf, lora))));
        }
        NDArray head = f32.lmHead() == f32.embed() ? embed : wide(f32.lmHead());
        this.model = new LlamaModel(f32.config(), manager, embed, layers, new RmsNorm(wide(f32.norm().weight()), eps),
                head);
        lora.parameters().forEach(p -> theta.add(wideOf.get(p)));
        f32Probes.byLayer().forEach((layer, v) -> {
            NDArray w = wide(v);
            probes.add(w);
            model.layers().get(layer).setProbe(w);
        });
    }

    /**
     * D at the float32 learner's current θ and v along {@code direction}, as float32 tensors in {@code m}, one per
     * probe. Leaves the float32 model's gradients untouched.
     */
    List<NDArray> probeGradient(Learner l, List<Batch> task, List<NDArray> direction, double rho, NDManager m) {
        set(theta, l.theta());
        set(probes, l.probeParams());
        probes.forEach(v -> v.setRequiresGradient(true));
        Grads.zero(probes, m);
        for (int i = 0; i < theta.size(); i++) {
            theta.get(i).addi(direction.get(i).toType(DataType.FLOAT64, false).mul(rho));
        }
        Passes.taskBackward(l, model, task, -1f, m);
        set(theta, l.theta()); // θ again, exactly: widening a float32 value is exact
        Passes.taskBackward(l, model, task, 1f, m);
        List<NDArray> out = new ArrayList<>(probes.size());
        for (NDArray g : Grads.take(probes, m)) {
            out.add(g.toType(DataType.FLOAT32, false));
        }
        probes.forEach(v -> v.setRequiresGradient(false));
        return out;
    }

    /** dst ← src widened to float64, in place. */
    private static void set(List<NDArray> dst, List<NDArray> src) {
        for (int i = 0; i < dst.size(); i++) {
            try (NDArray w = src.get(i).toType(DataType.FLOAT64, false)) {
                dst.get(i).set(w.toByteBuffer());
            }
        }
    }

    private Projection copy(Projection p, Map<NDArray, NDArray> wideOf, LoraAdapter lora) {
        Projection out = new Projection(p.name(), wide(p.weight()), p.bias() == null ? null : wide(p.bias()));
        LoraWeights w = p.lora();
        if (w != null) {
            NDArray a = wide(w.a());
            NDArray b = wide(w.b());
            wideOf.put(w.a(), a);
            wideOf.put(w.b(), b);
            out.setLora(new LoraWeights(a, b, w.scale(), lora.config().dropout()));
        }
        return out;
    }

    private NDArray wide(NDArray a) {
        NDArray w = a.toType(DataType.FLOAT64, true);
        w.attach(manager);
        return w;
    }

    @Override
    public void close() {
        manager.close();
    }
}
