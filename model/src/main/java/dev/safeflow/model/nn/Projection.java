package dev.safeflow.model.nn;

import ai.djl.ndarray.NDArray;
import dev.safeflow.model.lora.LoraWeights;

/**
 * A frozen linear map {@code y = x W^T + b}, optionally with a LoRA update added by
 * {@link LoraWeights}. Named like the checkpoint module ({@code model.layers.0.self_attn.q_proj}) so
 * adapters find it by name.
 */
public final class Projection {

    private final String name;
    private NDArray weight; // (out, in)
    private final NDArray bias; // (out) or null
    private LoraWeights lora;

    public Projection(String name, NDArray weight, NDArray bias) {
        this.name = name;
        this.weight = weight;
        this.bias = bias;
    }

    /** {@code x}: (..., in) → (..., out). */
    public NDArray forward(NDArray x, boolean training) {
        NDArray y = MixedPrecision.linear(x, weight, bias);
        return lora == null ? y : y.add(lora.forward(x, training));
    }

    public String name() {
        return name;
    }

    /** The last part of the name, e.g. {@code q_proj}, which LoRA target lists use. */
    public String shortName() {
        return name.substring(name.lastIndexOf('.') + 1);
    }

    public NDArray weight() {
        return weight;
    }

    public NDArray bias() {
        return bias;
    }

    public long inFeatures() {
        return weight.getShape().get(1);
    }

    public long outFeatures() {
        return weight.getShape().get(0);
    }

    public LoraWeights lora() {
        return lora;
    }

    public void setLora(LoraWeights lora) {
        this.lora = lora;
    }

    /** Replaces the frozen weight (adapter merge); the old array is closed. */
    public void replaceWeight(NDArray merged) {
        NDArray old = weight;
        weight = merged;
        old.close();
    }
}
