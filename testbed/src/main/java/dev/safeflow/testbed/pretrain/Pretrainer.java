package dev.safeflow.testbed.pretrain;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import dev.safeflow.model.Djl;
import dev.safeflow.model.nn.DecoderLayer;
import dev.safeflow.model.nn.LlamaModel;
import dev.safeflow.model.nn.Projection;
import dev.safeflow.testbed.eval.ChatModel;
import dev.safeflow.testbed.world.Example;
import dev.safeflow.testbed.world.Seeds;
import dev.safeflow.testbed.world.World;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Full-parameter training of every base weight with masked next-token cross-entropy on response
 * tokens: batch → loss → backward → AdamW → close, each step in its own manager.
 */
public final class Pretrainer {

    /** One logged point of the training curve: mean loss over the last {@code logEvery} steps. */
    public record Point(int step, float loss, float lr, float gradNorm, double seconds) {}

    private final PretrainConfig config;
    private final ChatModel chat;

    public Pretrainer(PretrainConfig config, ChatModel chat) {
        this.config = config;
        this.chat = chat;
    }

    /**
     * The pretraining mix: general instructions, sentiment, and harmful → refusal alignment. Topic and
     * arithmetic labels are left out on purpose so fine-tuning has something to learn.
     */
    public static List<Example> mix(World w) {
        List<Example> all = new ArrayList<>(w.instructions());
        all.addAll(w.tasks().get("sentiment").train());
        all.addAll(w.alignment());
        return all;
    }

    /** Every base weight of the model, the tied embedding once. */
    public static List<NDArray> parameters(LlamaModel m) {
        List<NDArray> out = new ArrayList<>();
        out.add(m.embed());
        for (DecoderLayer l : m.layers()) {
            out.add(l.inputNorm().weight());
            out.add(l.postAttentionNorm().weight());
        }
        for (Projection p : m.projections()) {
            out.add(p.weight());
        }
        out.add(m.norm().weight());
        if (!m.config().tieWordEmbeddings()) {
            out.add(m.lmHead());
        }
        return out;
    }

    public static long parameterCount(LlamaModel m) {
        return parameters(m).stream().mapToLong(NDArray::size).sum();
    }

    /** Trains every base weight. */
    public List<Point> train(List<Example> data, Consumer<String> log) {
        return train(data, parameters(chat.model()), log);
    }

    /**
     * Trains {@code params} only (base weights, or e.g. LoRA tensors for a fine-tuning probe); they
     * are made trainable for the run and frozen again when it returns.
     */
    public List<Point> train(List<Example> data, List<NDArray> params, Consumer<String> log) {
        LlamaModel model = chat.model();
        int eos = model.config().eosTokenIds().get(0);
        List<Encoded> encoded = new ArrayList<>(data.size());
        data.forEach(e -> encoded.add(Encoded.of(e, chat, chat.tokenizer(), eos)));
        params.forEach(p -> p.setRequiresGradient(true));
        Engine engine = Djl.engine();
        SplittableRandom rnd = Seeds.stream(config.seed(), "pretrain/batches");
        List<Point> curve = new ArrayList<>();
        long t0 = System.nanoTime();
        try (AdamW opt = new AdamW(params, model.manager(), 0.9f, 0.95f, 1e-8f, config.weightDecay())) {
            List<Encoded> order = Seeds.shuffled(encoded, rnd);
            int cursor = 0;
            float lossSum = 0f;
            float gradNorm = 0f;
            for (int step = 0; step < config.steps(); step++) {
                if (cursor + config.batch() > order.size()) {
                    order = Seeds.shuffled(encoded, rnd);
                    cursor = 0;
                }
                List<Encoded> seqs = order.subList(cursor, cursor + config.batch());
                cursor += config.batch();
                try (NDManager m = model.manager().newSubManager()) {
                    Batch b = Batch.of(seqs, m);
                    try (GradientCollector gc = engine.newGradientCollector()) {
                        NDArray logp = model.tokenLogProbs(b.ids(), b.padding(), true); // (B, T-1)
                        NDArray loss = logp.mul(b.targetMask()).sum().neg().div(b.targetMask().sum());
                        gc.backward(loss);
                        lossSum += loss.getFloat();
                    }
                    gradNorm = opt.step(config.lrAt(step), 1.0f);
                }
                if ((step + 1) % config.logEvery() == 0 || step + 1 == config.steps()) {
                    int n = (step + 1) % config.logEvery() == 0 ? config.logEvery() : (step + 1) % config.logEvery();
                    Point p = new Point(step + 1, lossSum / n, config.lrAt(step), gradNorm,
                            (System.nanoTime() - t0) / 1e9);
                    curve.add(p);
                    log.accept(String.format("step %4d/%d  loss %.4f  lr %.2e  grad-norm %.3f  %.0fs", p.step(),
                            config.steps(), p.loss(), p.lr(), p.gradNorm(), p.seconds()));
                    lossSum = 0f;
                }
            }
        } finally {
            params.forEach(p -> p.setRequiresGradient(false));
        }
        return curve;
    }
}
