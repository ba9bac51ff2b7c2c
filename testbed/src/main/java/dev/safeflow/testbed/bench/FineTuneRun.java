package dev.safeflow.testbed.bench;

import dev.safeflow.model.tokenizer.Tokenizer;
import dev.safeflow.testbed.eval.ChatModel;
import dev.safeflow.testbed.world.Example;
import dev.safeflow.testbed.world.Seeds;
import dev.safeflow.testbed.world.World;
import dev.safeflow.trainer.TrainingConfig;
import dev.safeflow.trainer.data.Batch;
import dev.safeflow.trainer.data.Batcher;
import dev.safeflow.trainer.data.ChatEncoder;
import dev.safeflow.trainer.data.ContrastiveSet;
import dev.safeflow.trainer.data.Triple;
import dev.safeflow.trainer.step.ContrastiveBatches;
import dev.safeflow.trainer.step.Learner;
import dev.safeflow.trainer.step.StepMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * One fine-tuning run of the benchmark through the trainer's own steps (SFT or SAP, whichever
 * {@code config} names): the world's examples are encoded with the trainer's chat encoder, packed
 * into micro-batches of {@code config.batch().size()}, and trained for whole epochs; SAP draws its
 * contrastive batches from the world's alignment triples. The returned learner keeps the LoRA
 * adapter attached, so the caller measures and then closes it.
 */
public final class FineTuneRun {

    private FineTuneRun() {}

    public static Learner train(ChatModel chat, World w, List<Example> data, TrainingConfig config, int epochs,
            Consumer<String> log) {
        return train(chat, w, data, config, epochs, log, m -> {});
    }

    /** As above, handing every step's metrics to {@code onStep} (the benchmark's timing and ρ). */
    public static Learner train(ChatModel chat, World w, List<Example> data, TrainingConfig config, int epochs,
            Consumer<String> log, Consumer<StepMetrics> onStep) {
        Tokenizer tok = chat.tokenizer();
        ChatEncoder enc = new ChatEncoder(tok, config.batch().maxLength());
        List<dev.safeflow.trainer.data.Example> encoded = new ArrayList<>();
        for (Example e : data) {
            var x = enc.encode(e.prompt(), e.response());
            if (x != null) {
                encoded.add(x);
            }
        }
        Batcher batcher = new Batcher(config.batch().size(), config.batch().maxTokens(), enc.padId());
        List<Batch> batches = new ArrayList<>();
        for (int ep = 0; ep < epochs; ep++) {
            batches.addAll(batcher.pack(Seeds.shuffled(encoded, Seeds.stream(config.seed(), "epoch/" + ep))));
        }
        ContrastiveBatches contrastive = null;
        if (config.isSap()) {
            List<Triple> triples = new ArrayList<>();
            w.contrastive().forEach(t -> triples.add(new Triple(t.prompt(), t.safe(), t.harmful())));
            contrastive = ContrastiveBatches.of(ContrastiveSet.of(triples, config.seed()), enc,
                    config.batch().contrastiveSize());
        }
        Learner learner = new Learner(chat.model(), config, contrastive);
        learner.setScheduleLength(batches.size());
        String name = config.methodName() + (config.isSap() && config.sap().directionEvery() > 1
                ? " (direction every " + config.sap().directionEvery() + ")" : "");
        long t0 = System.nanoTime();
        for (int i = 0; i < batches.size(); i++) {
            var m = learner.step(List.of(batches.get(i)));
            onStep.accept(m);
            if ((i + 1) % 50 == 0 || i + 1 == batches.size()) {
                log.accept(String.format(java.util.Locale.ROOT, "%s step %d/%d  %s  %.0fs", name, i + 1, batches.size(), m,
                        (System.nanoTime() - t0) / 1e9));
            }
        }
        return learner;
    }
}
