package dev.safeflow.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import dev.safeflow.model.ModelConfig;
import dev.safeflow.model.generate.KvCache;

/**
 * Causal self-attention with grouped-query attention: each of nKv key/value heads serves g = nH/nKv
 * query heads. Queries are grouped instead of repeating keys, which broadcasts the same arithmetic
 * as Hugging Face's {@code repeat_kv}.
 *
 * <p>Dimensions: B batch, T new positions, S attended positions (cached + new), H hidden, nH query
 * heads, nKv key/value heads, g = nH/nKv, hd head width.
 */
public final class Attention {

    private final Projection q;
    private final Projection k;
    private final Projection v;
    private final Projection o;
    private final int nH;
    private final int nKv;
    private final int hd;
    private final float scale;

    public Attention(ModelConfig c, Projection q, Projection k, Projection v, Projection o) {
        this.q = q;
        this.k = k;
        this.v = v;
        this.o = o;
        this.nH = c.numHeads();
        this.nKv = c.numKvHeads();
        this.hd = c.headDim();
        this.scale = (float) (1.0 / Math.sqrt(hd));
    }

    /**
     * @param x (B, T, H)
     * @param mask additive, (B, 1, 1, T, S): 0 where attention is allowed, a large negative elsewhere
     * @param cache this layer's cache, or null in training
     * @return (B, T, H)
     */
    public NDArray forward(NDArray x, NDList cosSin, NDArray mask, KvCache.Layer cache, boolean training) {
        long b = x.getShape().get(0);
        long t = x.getShape().get(1);
        NDArray qs = heads(q.forward(x, training), b, t, nH); // (B, nH, T, hd)
        NDArray ks = heads(k.forward(x, training), b, t, nKv); // (B, nKv, T, hd)
        NDArray vs = heads(v.forward(x, training), b, t, nKv); // (B, nKv, T, hd)
        qs = Rotary.apply(qs, cosSin);
        ks = Rotary.apply(ks, cosSin);
        if (cache != null) {
            NDList kv = cache.append(ks, vs);
            ks = kv.get(0); // (B, nKv, S, hd)
            vs = kv.get(1);
        }
        // Queries grouped by the key/value head they share; with g = 1 (no GQA) the extra axis is
        // skipped, which saves a copy of the queries. Scaling q instead of the scores touches hd
        // rather than S numbers per query.
        int g = nH / nKv;
        // A libtorch-owned scalar: mul(Number) wraps a Java buffer that autograd keeps but GC may free.
        NDArray scaled = qs.mul(qs.getManager().full(new ai.djl.ndarray.types.Shape(), (float) scale));
        NDArray qg = g == 1 ? scaled : scaled.reshape(b, nKv, g, t, hd); // (B, nKv, [g,] T, hd)
        NDArray kg = g == 1 ? ks : ks.expandDims(2); // (B, nKv, [1,] S, hd)
        NDArray vg = g == 1 ? vs : vs.expandDims(2);
        NDArray m = g == 1 ? mask.squeeze(1) : mask; // (B, 1, [1,] T, S)
        NDArray scores = qg.matMul(kg.swapAxes(-1, -2)).add(m); // (B, nKv, [g,] T, S)
        NDArray out = scores.softmax(-1).matMul(vg); // (B, nKv, [g,] T, hd)
        out = out.reshape(b, nH, t, hd).transpose(0, 2, 1, 3).reshape(b, t, (long) nH * hd); // (B, T, nH·hd)
        return o.forward(out, training);
    }

    /** (B, T, n·hd) → (B, n, T, hd). */
    private NDArray heads(NDArray x, long b, long t, int n) {
        return x.reshape(b, t, n, hd).transpose(0, 2, 1, 3);
    }

    public Projection[] projections() {
        return new Projection[] {q, k, v, o};
    }
}
