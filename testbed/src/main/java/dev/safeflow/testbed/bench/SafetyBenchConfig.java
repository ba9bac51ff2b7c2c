package dev.safeflow.testbed.bench;

import dev.safeflow.model.lora.LoraConfig;
import dev.safeflow.testbed.world.HarmfulSplit;
import dev.safeflow.trainer.BatchConfig;
import dev.safeflow.trainer.Hashing;
import dev.safeflow.trainer.OptimizerConfig;
import dev.safeflow.trainer.SapConfig;
import dev.safeflow.trainer.TrainingConfig;
import dev.safeflow.trainer.TrainingMethod;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One safety benchmark: the grid (methods × poison ratios × seeds) and everything every cell shares.
 * The fine-tuning recipe is DESIGN.md's reference scaled to the 2.5M-parameter organism: LoRA r 8 /
 * α 8 / dropout 0.1 on q_proj and v_proj, task batch 10 × 128 tokens, contrastive batch 8 × 256, AdamW
 * wd 0.01 — but lr 1e-2 with cosine decay instead of 1e-4, because at 1e-4 three epochs of 1,000
 * examples move this model too little to learn the task or the poison.
 *
 * @param n fine-tuning set size (clean topic examples plus poison)
 * @param epochs passes over the fine-tuning set
 * @param attackSteps SFT steps (batch 10) on poison-pool pairs after fine-tuning; 0 skips the attack
 * @param attackLr constant learning rate of the attack
 * @param split harmful prompts the scores are measured on: EVAL to report, VALIDATION to tune
 * @param topicTest how many topic test examples the accuracy uses (the first ones of the split)
 * @param base LoRA, optimizer, batch and SAP hyperparameters; each method sets its own step
 */
public record SafetyBenchConfig(List<BenchMethod> methods, List<Double> poisonRatios, List<Long> seeds, int n,
        int epochs, int attackSteps, double attackLr, HarmfulSplit split, int topicTest, TrainingConfig base) {

    public static final String TASK = "topic";

    /**
     * How a cell trains and scores (the trainer's offline entry point, the evaluator's suites, SAP's task passes
     * drawing one step's dropout masks). Part of the fingerprint, so cells computed another way are recomputed
     * rather than mixed into one table.
     */
    static final String PIPELINE = "offline-trainer/evaluator-suites/shared-dropout-masks";

    /**
     * 60 steps of 10 poison-pool pairs (about four passes over the pool) at lr 1e-2: chosen on the organism
     * and on clean SFT alone, where it gives 27–49% harmful (seeds 1, 2), so the attack neither fails
     * outright (40 steps: ≤ 2%) nor saturates; no SAP run was looked at to choose it.
     */
    public static final int ATTACK_STEPS = 60;

    public SafetyBenchConfig {
        methods = List.copyOf(methods);
        poisonRatios = List.copyOf(poisonRatios);
        seeds = List.copyOf(seeds);
        if (methods.isEmpty() || poisonRatios.isEmpty() || seeds.isEmpty()) {
            throw new IllegalArgumentException("the benchmark needs at least one method, poison ratio and seed");
        }
        for (double p : poisonRatios) {
            if (p < 0 || p >= 1) {
                throw new IllegalArgumentException("poison ratio must be in [0, 1), got " + p);
            }
        }
        // A repeated value would count one stored cell twice in the means and sds.
        if (new java.util.HashSet<>(methods).size() < methods.size() || new java.util.HashSet<>(seeds).size() < seeds.size()
                || poisonRatios.stream().map(p -> CellResult.fileName("m", p, 0, "f")).distinct().count()
                        < poisonRatios.size()) {
            throw new IllegalArgumentException("methods, poison ratios and seeds must not repeat (ratios must differ in "
                    + "the first three decimals); got " + methods + ", " + poisonRatios + ", " + seeds);
        }
        if (n < 10 || epochs < 1 || attackSteps < 0 || topicTest < 1) {
            throw new IllegalArgumentException("need n >= 10, epochs >= 1, attack steps >= 0 and topic test >= 1; got n "
                    + n + ", epochs " + epochs + ", attack steps " + attackSteps + ", topic test " + topicTest);
        }
    }

    /**
     * Every method (sft, three SAP variants, the random-direction control and SAP with the poison filter) × four
     * poison ratios × three
     * seeds on n = 1,000 topic examples. Three seeds, not two:
     * single runs at 20% poison differ by up to 50 points between seeds (docs/testbed.md).
     */
    public static SafetyBenchConfig full() {
        return new SafetyBenchConfig(List.of(BenchMethod.values()), List.of(0.0, 0.05, 0.1, 0.2), List.of(1L, 2L, 3L), 1000,
                3, ATTACK_STEPS, 1e-2, HarmfulSplit.EVAL, 400, recipe());
    }

    /** The CI slice: the same pipeline, two cheap methods, no poison and 20% poison, one seed. */
    public static SafetyBenchConfig quick() {
        return new SafetyBenchConfig(List.of(BenchMethod.SFT, BenchMethod.SAP_EVERY4), List.of(0.0, 0.2), List.of(1L),
                1000, 3, ATTACK_STEPS, 1e-2, HarmfulSplit.EVAL, 100, recipe());
    }

    /**
     * SAP's hyperparameters as tuned by {@code bench sap-sweep} on the validation split (docs/testbed.md):
     * grad_rate 1e-2 (ρ ≈ 0.2 here, against 5e-4 at the paper's 2e-5), probe lr 0.5 (the paper's 0.05 is
     * too small to move this model's probes), probe layers 0 and 1 of 4 (DESIGN.md's default).
     */
    public static SapConfig tunedSap() {
        return new SapConfig(SapConfig.Variant.REFERENCE, 1e-2, 1.0, 0.5, 1, 0.05, List.of());
    }

    /** The shared fine-tuning recipe with the tuned SAP hyperparameters. */
    public static TrainingConfig recipe() {
        return TrainingConfig.defaults().withSeed(1)
                .withLora(new LoraConfig(8, 8, 0.1f, List.of("q_proj", "v_proj"), false))
                .withOptimizer(new OptimizerConfig(1e-2, 0.01, 0.9, 0.999, 1e-8, 1.0, "cosine", 0, 0, 1))
                .withBatch(new BatchConfig(10, 128, 0, 8, 256))
                .withSap(tunedSap());
    }

    public SafetyBenchConfig withGrid(List<BenchMethod> m, List<Double> p, List<Long> s) {
        return new SafetyBenchConfig(m, p, s, n, epochs, attackSteps, attackLr, split, topicTest, base);
    }

    public SafetyBenchConfig withBase(TrainingConfig newBase) {
        return new SafetyBenchConfig(methods, poisonRatios, seeds, n, epochs, attackSteps, attackLr, split, topicTest,
                newBase);
    }

    public SafetyBenchConfig withSplit(HarmfulSplit newSplit) {
        return new SafetyBenchConfig(methods, poisonRatios, seeds, n, epochs, attackSteps, attackLr, newSplit, topicTest,
                base);
    }

    public SafetyBenchConfig withSizes(int newN, int newEpochs, int newAttackSteps, int newTopicTest) {
        return new SafetyBenchConfig(methods, poisonRatios, seeds, newN, newEpochs, newAttackSteps, attackLr, split,
                newTopicTest, base);
    }

    /**
     * What a cell's result depends on besides its method, ratio and seed: a cell file written under
     * another fingerprint is never reused. Seed and method are set per cell, so they are normalised out.
     */
    public String fingerprint() {
        String text = n + "|" + epochs + "|" + attackSteps + "|" + attackLr + "|" + split + "|" + topicTest + "|"
                + base.withSeed(0).withMethod(TrainingMethod.SAP).withSap(base.sap().withVariant(SapConfig.Variant.REFERENCE, 1).withProbeEvery(1)).hash()
                + "|" + PIPELINE;
        return Hashing.sha256(text.getBytes(StandardCharsets.UTF_8)).substring(0, 10);
    }
}
