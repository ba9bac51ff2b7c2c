package dev.safeflow.trainer.bench;

import ai.djl.ndarray.NDManager;
import dev.safeflow.model.Djl;
import dev.safeflow.model.ModelConfig;
import dev.safeflow.model.io.ModelLoader;
import dev.safeflow.model.nn.LlamaModel;
import dev.safeflow.trainer.BatchConfig;
import dev.safeflow.trainer.TrainingConfig;
import dev.safeflow.trainer.data.Batch;
import dev.safeflow.trainer.data.Example;
import dev.safeflow.trainer.step.ContrastiveBatches;
import dev.safeflow.trainer.step.Learner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * SFT versus SAP step time on one random model in one run, and resident memory over many SAP steps.
 * Shapes follow DESIGN.md's reference: task batch 10 × 128 tokens, contrastive batch 8 × 256.
 *
 * <p>Usage: {@code TrainerBench [hidden] [layers] [timedSteps] [memorySteps]}, defaults 128 4 10 1000.
 */
public final class TrainerBench {

    private TrainerBench() {}

    public static void main(String[] args) {
        int hidden = arg(args, 0, 128);
        int layers = arg(args, 1, 4);
        int steps = arg(args, 2, 10);
        int memorySteps = arg(args, 3, 1000);
        ModelConfig mc = new ModelConfig("LlamaForCausalLM", 512, hidden, 2 * hidden, layers, 4, 4, hidden / 4, 1e-5,
                10000.0, null, 512, true, false, 1, List.of(2), 0, "float32");
        BatchConfig shapes = BatchConfig.defaults();
        TrainingConfig base = TrainingConfig.defaults().withLora(TrainingConfig.defaults().lora());
        System.out.printf("model: hidden %d, layers %d, vocab %d; task %d x %d, contrastive %d x %d; %d timed steps%n",
                hidden, layers, mc.vocabSize(), shapes.size(), shapes.maxLength(), shapes.contrastiveSize(),
                shapes.contrastiveMaxLength(), steps);
        try (NDManager root = Djl.newManager()) {
            ContrastiveBatches contrastive = step -> randomBatch(mc.vocabSize(), 2 * shapes.contrastiveSize(),
                    shapes.contrastiveMaxLength(), 1000 + step);
            String[] names = {"SFT", "SAP reference", "SAP reference, every 4", "SAP paper"};
            TrainingConfig[] configs = {base.withMethod("sft"), base,
                base.withSap(base.sap().withVariant(dev.safeflow.trainer.SapConfig.Variant.REFERENCE, 4)), base.withSap(base.sap().withVariant(dev.safeflow.trainer.SapConfig.Variant.PAPER, 1))};
            double[] ms = interleaved(mc, root, configs, contrastive, steps);
            for (int i = 0; i < names.length; i++) {
                System.out.printf("%-28s %8.1f ms   ratio %.2fx%n", names[i] + " step", ms[i], ms[i] / ms[0]);
            }
            long sftTokens = (long) shapes.size() * shapes.maxLength();
            long sapTokens = 2L * shapes.contrastiveSize() * shapes.contrastiveMaxLength() + 2 * sftTokens;
            System.out.printf("tokens through the model per step: SFT %d, SAP reference %d (%.2fx)%n", sftTokens,
                    sapTokens, sapTokens / (double) sftTokens);
            Djl.engine().setRandomSeed(1);
            memory(ModelLoader.random(mc, root), base, contrastive, memorySteps);
        }
    }

    /**
     * Median step time of each configuration, measured in interleaved rounds (one step of each per
     * round, each on its own copy of the model) so that load from other processes hits all alike.
     */
    private static double[] interleaved(ModelConfig mc, NDManager root, TrainingConfig[] configs,
            ContrastiveBatches contrastive, int steps) {
        Learner[] learners = new Learner[configs.length];
        double[][] ms = new double[configs.length][steps];
        try {
            for (int i = 0; i < configs.length; i++) {
                Djl.engine().setRandomSeed(1);
                learners[i] = new Learner(ModelLoader.random(mc, root), configs[i],
                        configs[i].isSap() ? contrastive : null);
            }
            for (int s = -2; s < steps; s++) {
                Batch task = randomBatch(mc.vocabSize(), 10, 128, s + 10);
                for (int i = 0; i < configs.length; i++) {
                    double t = learners[i].step(List.of(task)).millis();
                    if (s >= 0) {
                        ms[i][s] = t;
                    }
                }
            }
        } finally {
            for (Learner l : learners) {
                if (l != null) {
                    l.close();
                }
            }
        }
        double[] out = new double[configs.length];
        for (int i = 0; i < configs.length; i++) {
            Arrays.sort(ms[i]);
            out[i] = ms[i][steps / 2];
        }
        return out;
    }

    /** Resident set size every tenth of the run: it must stay flat once the allocator is warm. */
    private static void memory(LlamaModel model, TrainingConfig c, ContrastiveBatches contrastive, int steps) {
        try (Learner l = new Learner(model, c, contrastive)) {
            Batch task = randomBatch(model.config().vocabSize(), 10, 128, 7);
            System.out.printf("SAP reference, %d steps: resident memory (VmRSS) and the JVM heap's share of it%n", steps);
            Runtime rt = Runtime.getRuntime();
            for (int s = 0; s <= steps; s++) {
                if (s % Math.max(1, steps / 10) == 0) {
                    System.out.printf("  step %5d  RSS %7.1f MiB  (JVM heap committed %6.1f MiB)  arrays %d%n", s,
                            rssKiB() / 1024.0, rt.totalMemory() / 1048576.0, model.manager().getManagedArrays().size());
                }
                if (s < steps) {
                    l.step(List.of(task));
                }
            }
        }
    }

    static Batch randomBatch(int vocab, int rows, int length, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<Example> ex = new ArrayList<>();
        for (int r = 0; r < rows; r++) {
            int[] ids = new int[length];
            for (int t = 0; t < length; t++) {
                ids[t] = rnd.nextInt(3, vocab);
            }
            ex.add(new Example(ids, length / 2));
        }
        return Batch.of(ex, 0);
    }

    /** VmRSS of this process from /proc/self/status, in KiB (0 where there is no /proc). */
    public static long rssKiB() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
        return 0;
    }

    private static int arg(String[] args, int i, int def) {
        return args.length > i ? Integer.parseInt(args[i]) : def;
    }
}
