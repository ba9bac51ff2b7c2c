package dev.safeflow.model.generate;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;

/**
 * Keys and values of the positions seen so far, one pair per layer, so each decoding step computes
 * only its new token. Arrays live in the cache's own manager and outlive each step's manager.
 *
 * <p>Buffers: keys and values (B, nKv, S, hd) per layer, S = {@link #length()}.
 */
public final class KvCache implements AutoCloseable {

    /** One layer's slot. */
    public final class Layer {
        private NDArray k;
        private NDArray v;

        /**
         * Appends (B, nKv, T, hd) keys and values; returns all (B, nKv, S+T, hd) as {k, v}, as views
         * owned by the new keys' (step) manager so that work on them does not pile up in the cache.
         */
        public NDList append(NDArray newK, NDArray newV) {
            NDArray nextK = k == null ? newK.duplicate() : k.concat(newK, 2);
            NDArray nextV = v == null ? newV.duplicate() : v.concat(newV, 2);
            NDScope.unregister(nextK, nextV); // the cache outlives the layer's scope
            nextK.attach(manager);
            nextV.attach(manager);
            if (k != null) {
                k.close();
                v.close();
            }
            k = nextK;
            v = nextV;
            NDManager step = newK.getManager();
            NDArray kView = k.reshape(k.getShape());
            NDArray vView = v.reshape(v.getShape());
            kView.attach(step);
            vView.attach(step);
            return new NDList(kView, vView);
        }
    }

    private final NDManager manager;
    private final Layer[] layers;
    private int length;

    public KvCache(NDManager parent, int numLayers) {
        this.manager = parent.newSubManager();
        this.layers = new Layer[numLayers];
        for (int i = 0; i < numLayers; i++) {
            layers[i] = new Layer();
        }
    }

    public Layer layer(int i) {
        return layers[i];
    }

    /** Positions cached so far. */
    public int length() {
        return length;
    }

    /** Called by the model once all layers appended {@code t} positions. */
    public void advance(int t) {
        length += t;
    }

    @Override
    public void close() {
        manager.close();
    }
}
