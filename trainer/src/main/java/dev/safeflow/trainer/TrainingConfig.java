package dev.safeflow.trainer;

import dev.safeflow.model.lora.LoraConfig;
import java.nio.file.Path;

/**
 * Everything that decides what a training step computes. Its {@link #hash()} goes into every
 * checkpoint so a resume with different settings is caught.
 *
 * @param method {@code sft} or {@code sap}
 * @param seed seeds LoRA initialisation, data order, contrastive sampling and dropout (per step)
 * @param contrastiveFile JSONL triples; null means the set bundled with safeflow
 */
public record TrainingConfig(String method, long seed, LoraConfig lora, OptimizerConfig optimizer, SapConfig sap,
        BatchConfig batch, Path contrastiveFile) {

    public static TrainingConfig defaults() {
        return new TrainingConfig("sap", 42, LoraConfig.defaults(), OptimizerConfig.defaults(), SapConfig.defaults(),
                BatchConfig.defaults(), null);
    }

    public TrainingConfig {
        if (!method.equals("sft") && !method.equals("sap")) {
            throw new IllegalArgumentException("method '" + method + "' is unknown: use sap or sft");
        }
    }

    public boolean isSap() {
        return method.equals("sap");
    }

    /** The name checkpoint events carry: sft, sap-reference or sap-paper. */
    public String methodName() {
        return isSap() ? "sap-" + sap.variant().id() : "sft";
    }

    public TrainingConfig withMethod(String newMethod) {
        return new TrainingConfig(newMethod, seed, lora, optimizer, sap, batch, contrastiveFile);
    }

    public TrainingConfig withSap(SapConfig newSap) {
        return new TrainingConfig(method, seed, lora, optimizer, newSap, batch, contrastiveFile);
    }

    public TrainingConfig withOptimizer(OptimizerConfig newOptimizer) {
        return new TrainingConfig(method, seed, lora, newOptimizer, sap, batch, contrastiveFile);
    }

    public TrainingConfig withLora(LoraConfig newLora) {
        return new TrainingConfig(method, seed, newLora, optimizer, sap, batch, contrastiveFile);
    }

    public TrainingConfig withBatch(BatchConfig newBatch) {
        return new TrainingConfig(method, seed, lora, optimizer, sap, newBatch, contrastiveFile);
    }

    public TrainingConfig withSeed(long newSeed) {
        return new TrainingConfig(method, newSeed, lora, optimizer, sap, batch, contrastiveFile);
    }

    public TrainingConfig withContrastiveFile(Path file) {
        return new TrainingConfig(method, seed, lora, optimizer, sap, batch, file);
    }

    /** sha256 of the settings that change the trajectory (total steps excluded: streaming runs have none). */
    public String hash() {
        String text = method + "|" + seed + "|" + lora + "|" + optimizer.withTotalSteps(0) + "|" + sap + "|" + batch + "|"
                + contrastiveFile;
        return Hashing.sha256(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
