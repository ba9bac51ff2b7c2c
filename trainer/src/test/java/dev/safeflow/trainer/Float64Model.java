package dev.safeflow.trainer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.safeflow.model.lora.LoraWeights;
import dev.safeflow.model.nn.Attention;
import dev.safeflow.model.nn.DecoderLayer;
import dev.safeflow.model.nn.LlamaModel;
import dev.safeflow.model.nn.Mlp;
import dev.safeflow.model.nn.Projection;
import dev.safeflow.model.nn.RmsNorm;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A float64 copy of a float32 model with its LoRA tensors θ (in {@link dev.safeflow.model.lora.LoraAdapter}'s
 * order) and probes v: the reference the float32 trainer is measured against. The same {@code Losses}
 * and forward code run on it; constants the model builds in float32 (rotary tables, the mask, scalars)
 * are exact inputs to both, so the two compute the same real function and differ only in rounding.
 * LoRA dropout is off.
 */
public final class Float64Model implements AutoCloseable {

    private final NDManager manager;
    private final LlamaModel model;
    private final List<NDArray> theta = new ArrayList<>();
    private final Map<Integer, NDArray> probes = new TreeMap<>();

    public Float64Model(LlamaModel f32, Map<Integer, NDArray> f32Probes, NDManager parent) {
        this.manager = parent.newSubManager();
        NDArray embed = wide(f32.embed());
        List<DecoderLayer> layers = new ArrayList<>();
        double eps = f32.config().rmsNormEps();
        for (DecoderLayer l : f32.layers()) {
            Projection[] a = l.attention().projections();
            Projection[] m = l.mlp().projections();
            layers.add(new DecoderLayer(new RmsNorm(wide(l.inputNorm().weight()), eps),
                    new Attention(f32.config(), proj(a[0]), proj(a[1]), proj(a[2]), proj(a[3])),
                    new RmsNorm(wide(l.postAttentionNorm().weight()), eps),
                    new Mlp(proj(m[0]), proj(m[1]), proj(m[2]))));
        }
        NDArray head = f32.lmHead() == f32.embed() ? embed : wide(f32.lmHead());
        this.model = new LlamaModel(f32.config(), manager, embed, layers, new RmsNorm(wide(f32.norm().weight()), eps),
                head);
        f32Probes.forEach((layer, v) -> {
            NDArray w = wide(v);
            probes.put(layer, w);
            model.layers().get(layer).setProbe(w);
        });
    }

    private Projection proj(Projection p) {
        Projection out = new Projection(p.name(), wide(p.weight()), p.bias() == null ? null : wide(p.bias()));
        if (p.lora() != null) {
            NDArray a = wide(p.lora().a());
            NDArray b = wide(p.lora().b());
            theta.add(a);
            theta.add(b);
            out.setLora(new LoraWeights(a, b, p.lora().scale(), 0f));
        }
        return out;
    }

    /** A float64 copy in this model's manager. */
    public NDArray wide(NDArray a) {
        double[] x = new double[Math.toIntExact(a.size())];
        float[] f = a.toType(DataType.FLOAT32, true).toFloatArray();
        for (int i = 0; i < x.length; i++) {
            x[i] = f[i];
        }
        return manager.create(x, new Shape(a.getShape().getShape()));
    }

    public LlamaModel model() {
        return model;
    }

    /** θ in the LoRA adapter's order: A then B of every target projection, layer by layer. */
    public List<NDArray> theta() {
        return theta;
    }

    public List<NDArray> probes() {
        return new ArrayList<>(probes.values());
    }

    public NDManager manager() {
        return manager;
    }

    /** Flattened values of float64 tensors. */
    public static double[] flat(List<NDArray> tensors) {
        int n = tensors.stream().mapToInt(t -> Math.toIntExact(t.size())).sum();
        double[] out = new double[n];
        int off = 0;
        for (NDArray t : tensors) {
            double[] x = t.toType(DataType.FLOAT64, true).toDoubleArray();
            System.arraycopy(x, 0, out, off, x.length);
            off += x.length;
        }
        return out;
    }

    public static double cosine(double[] a, double[] b) {
        double ab = 0;
        double aa = 0;
        double bb = 0;
        for (int i = 0; i < a.length; i++) {
            ab += a[i] * b[i];
            aa += a[i] * a[i];
            bb += b[i] * b[i];
        }
        return ab / Math.sqrt(aa * bb);
    }

    /** ‖a − b‖ / ‖b‖. */
    public static double relativeError(double[] a, double[] b) {
        double d = 0;
        double n = 0;
        for (int i = 0; i < a.length; i++) {
            d += (a[i] - b[i]) * (a[i] - b[i]);
            n += b[i] * b[i];
        }
        return Math.sqrt(d / n);
    }

    @Override
    public void close() {
        manager.close();
    }
}
