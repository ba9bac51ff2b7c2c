package dev.safeflow.testbed.pretrain;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import java.util.ArrayList;
import java.util.List;

/**
 * Full-parameter AdamW (decoupled weight decay, bias-corrected moments) over a model's own weight
 * arrays, updated in place. The testbed's own because it trains every base weight from scratch,
 * which the trainer's LoRA/probe optimizers do not cover. Decay applies to matrices only, never
 * to the norm gains, as is usual for transformers.
 */
public final class AdamW implements AutoCloseable {

    private final List<NDArray> params;
    private final List<NDArray> m = new ArrayList<>();
    private final List<NDArray> v = new ArrayList<>();
    private final NDManager state;
    private final float beta1;
    private final float beta2;
    private final float eps;
    private final float weightDecay;
    private int step;

    public AdamW(List<NDArray> params, NDManager parent, float beta1, float beta2, float eps, float weightDecay) {
        this.params = List.copyOf(params);
        this.state = parent.newSubManager();
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.weightDecay = weightDecay;
        for (NDArray p : params) {
            m.add(state.zeros(p.getShape()));
            v.add(state.zeros(p.getShape()));
        }
    }

    /** One update with the gradients the last backward left; then clears them. Returns the gradient norm. */
    public float step(float lr, float clipNorm) {
        step++;
        float bc1 = 1f - (float) Math.pow(beta1, step);
        float bc2 = 1f - (float) Math.pow(beta2, step);
        try (NDScope scope = new NDScope()) {
            float sq = 0f;
            List<NDArray> grads = new ArrayList<>();
            for (NDArray p : params) {
                NDArray g = p.getGradient();
                grads.add(g);
                sq += g.square().sum().getFloat();
            }
            float norm = (float) Math.sqrt(sq);
            float scale = norm > clipNorm ? clipNorm / norm : 1f;
            for (int i = 0; i < params.size(); i++) {
                NDArray p = params.get(i);
                NDArray g = grads.get(i).mul(scale);
                m.get(i).muli(beta1).addi(g.mul(1f - beta1));
                v.get(i).muli(beta2).addi(g.square().mul(1f - beta2));
                NDArray update = m.get(i).div(bc1).div(v.get(i).div(bc2).sqrt().add(eps));
                if (weightDecay > 0 && p.getShape().dimension() > 1) {
                    p.muli(1f - lr * weightDecay);
                }
                p.subi(update.mul(lr));
                grads.get(i).subi(grads.get(i));
            }
            return norm;
        }
    }

    @Override
    public void close() {
        state.close();
    }
}
