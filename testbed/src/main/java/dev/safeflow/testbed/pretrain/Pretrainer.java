package dev.safeflow.testbed.pretrain;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import dev.safeflow.model.Djl;
import dev.safeflow.model.nn.DecoderLayer;
import dev.safeflow.model.nn.LlamaModel;
import dev.safeflow.model.nn.Projection;
import dev.safeflow.model.tokenizer.Tokenizer;
import dev.safeflow.testbed.world.PromptResponse;
import dev.safeflow.testbed.world.Seeds;
import dev.safeflow.testbed.world.World;
import dev.safeflow.trainer.data.Batch;
import dev.safeflow.trainer.data.ChatEncoder;
import dev.safeflow.trainer.data.Example;
import dev.safeflow.trainer.optim.AdamW;
import dev.safeflow.trainer.optim.Grads;
import dev.safeflow.trainer.step.Losses;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Full-parameter training of every base weight with the trainer's pieces: its chat encoding and batches, its task
 * loss (masked cross-entropy on response tokens) and its AdamW. batch → loss → backward → clip → step, each step in
 * its own manager. Weight decay applies to matrices only, never to the norm gains, as is usual for transformers, so
 * the two groups get one optimizer each.
 */
public final class Pretrainer {

    /** The organism's context: no pretraining example is longer. */
    static final int MAX_LENGTH = 256;
    private static final double CLIP_NORM = 1.0;

    /** One logged point of the training curve: mean loss over the last {@code logEvery} steps. */
    public record Point(int step, float loss, float lr, float gradNorm, double seconds) {}

    private final PretrainConfig config;
    private final LlamaModel model;
    private final Tokenizer tokenizer;

    public Pretrainer(PretrainConfig config, LlamaModel model, Tokenizer tokenizer) {
        this.config = config;
        this.model = model;
        this.tokenizer = tokenizer;
    }

    /**
     * The pretraining mix: general instructions, sentiment, and harmful → refusal alignment. Topic and
     * arithmetic labels are left out on purpose so fine-tuning has something to learn.
     */
    public static List<PromptResponse> mix(World w) {
        List<PromptResponse> all = new ArrayList<>(w.instructions());
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

    /** Trains every base weight; they are made trainable for the run and frozen again when it returns. */
    public List<Point> train(List<PromptResponse> data, Consumer<String> log) {
        ChatEncoder encoder = new ChatEncoder(tokenizer, MAX_LENGTH);
        List<Example> encoded = new ArrayList<>(data.size());
        for (PromptResponse e : data) {
            Example x = encoder.encode(e.prompt(), e.response());
            if (x != null) {
                encoded.add(x);
            }
        }
        List<NDArray> params = parameters(model);
        Map<String, NDArray> matrices = new LinkedHashMap<>();
        Map<String, NDArray> gains = new LinkedHashMap<>();
        for (int i = 0; i < params.size(); i++) {
            (params.get(i).getShape().dimension() > 1 ? matrices : gains).put("p" + i, params.get(i));
        }
        params.forEach(p -> p.setRequiresGradient(true));
        Engine engine = Djl.engine();
        SplittableRandom rnd = Seeds.stream(config.seed(), "pretrain/batches");
        List<Point> curve = new ArrayList<>();
        long t0 = System.nanoTime();
        try (AdamW decayed = new AdamW("matrices", matrices, 0.9, 0.95, 1e-8, config.weightDecay(), model.manager());
                AdamW plain = new AdamW("gains", gains, 0.9, 0.95, 1e-8, 0, model.manager())) {
            List<Example> order = Seeds.shuffled(encoded, rnd);
            int cursor = 0;
            float lossSum = 0f;
            float gradNorm = 0f;
            for (int step = 0; step < config.steps(); step++) {
                if (cursor + config.batch() > order.size()) {
                    order = Seeds.shuffled(encoded, rnd);
                    cursor = 0;
                }
                Batch batch = Batch.of(order.subList(cursor, cursor + config.batch()), encoder.padId());
                cursor += config.batch();
                try (NDManager m = model.manager().newSubManager()) {
                    try (GradientCollector gc = engine.newGradientCollector()) {
                        NDArray loss = Losses.task(model, batch, m);
                        gc.backward(loss);
                        lossSum += loss.getFloat();
                    }
                    gradNorm = step(decayed, plain, matrices, gains, config.lrAt(step), m);
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

    /** Clips the joint gradient of both groups to {@link #CLIP_NORM} and steps each; returns the norm before. */
    private static float step(AdamW decayed, AdamW plain, Map<String, NDArray> matrices, Map<String, NDArray> gains,
            float lr, NDManager m) {
        List<NDArray> gm = Grads.take(new ArrayList<>(matrices.values()), m);
        List<NDArray> gg = Grads.take(new ArrayList<>(gains.values()), m);
        List<NDArray> all = new ArrayList<>(gm);
        all.addAll(gg);
        double norm = Grads.norm(all);
        if (norm > CLIP_NORM) {
            all.forEach(g -> g.muli((float) (CLIP_NORM / norm)));
        }
        decayed.step(gm, lr);
        plain.step(gg, lr);
        return (float) norm;
    }
}
