package dev.safeflow.trainer;

import dev.safeflow.model.lora.LoraConfig;
import java.nio.file.Path;

/**
 * Everything that decides what a training step computes. Its {@link #hash()} goes into every
 * checkpoint so a resume with different settings is caught.
 *
 * @param method SFT or SAP (SAP's variant and settings are in {@code sap})
 * @param seed seeds LoRA initialisation, data order, contrastive sampling and dropout (per step)
 * @param contrastiveFile JSONL triples; null means the set bundled with safeflow
 * @param filter the in-training poison filter (SAP only); off by default
 */
public record TrainingConfig(TrainingMethod method, long seed, LoraConfig lora, OptimizerConfig optimizer, SapConfig sap,
        BatchConfig batch, Path contrastiveFile, FilterConfig filter) {

    public static TrainingConfig defaults() {
        return new TrainingConfig(TrainingMethod.SAP, 42, LoraConfig.defaults(), OptimizerConfig.defaults(), SapConfig.defaults(),
                BatchConfig.defaults(), null, FilterConfig.off());
    }

    public TrainingConfig {
        if (method == null) {
            throw new IllegalArgumentException("a training method is required: use " + String.join(" or ", TrainingMethod.ids()));
        }
        if (filter.enabled() && method != TrainingMethod.SAP) {
            throw new IllegalArgumentException(FilterConfig.ENABLED.name() + " needs trainer.method sap: the filter"
                    + " scores examples along SAP's harmful direction, which sft does not compute");
        }
    }

    public boolean isSap() {
        return method == TrainingMethod.SAP;
    }

    /** The name checkpoint events carry: sft, sap-reference or sap-paper. */
    public String methodName() {
        return isSap() ? method.id() + "-" + sap.variant().id() : method.id();
    }

    public TrainingConfig withMethod(TrainingMethod newMethod) {
        return new TrainingConfig(newMethod, seed, lora, optimizer, sap, batch, contrastiveFile, filter);
    }

    public TrainingConfig withSap(SapConfig newSap) {
        return new TrainingConfig(method, seed, lora, optimizer, newSap, batch, contrastiveFile, filter);
    }

    public TrainingConfig withOptimizer(OptimizerConfig newOptimizer) {
        return new TrainingConfig(method, seed, lora, newOptimizer, sap, batch, contrastiveFile, filter);
    }

    public TrainingConfig withLora(LoraConfig newLora) {
        return new TrainingConfig(method, seed, newLora, optimizer, sap, batch, contrastiveFile, filter);
    }

    public TrainingConfig withBatch(BatchConfig newBatch) {
        return new TrainingConfig(method, seed, lora, optimizer, sap, newBatch, contrastiveFile, filter);
    }

    public TrainingConfig withSeed(long newSeed) {
        return new TrainingConfig(method, newSeed, lora, optimizer, sap, batch, contrastiveFile, filter);
    }

    public TrainingConfig withContrastiveFile(Path file) {
        return new TrainingConfig(method, seed, lora, optimizer, sap, batch, file, filter);
    }

    public TrainingConfig withFilter(FilterConfig newFilter) {
        return new TrainingConfig(method, seed, lora, optimizer, sap, batch, contrastiveFile, newFilter);
    }

    /** sha256 of the settings that change the trajectory (total steps excluded: streaming runs have none). */
    public String hash() {
        String text = method.id() + "|" + seed + "|" + lora + "|" + optimizer.withTotalSteps(0) + "|" + sap + "|" + batch + "|"
                + contrastiveFile + (filter.enabled() ? "|" + filter : ""); // runs without the filter keep their hash
        return Hashing.sha256(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
