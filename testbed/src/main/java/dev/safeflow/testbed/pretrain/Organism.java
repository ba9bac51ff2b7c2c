package dev.safeflow.testbed.pretrain;

import ai.djl.ndarray.NDManager;
import dev.safeflow.model.Djl;
import dev.safeflow.model.ModelRuntime;
import dev.safeflow.model.io.ModelLoader;
import dev.safeflow.model.io.ModelWriter;
import dev.safeflow.model.nn.LlamaModel;
import dev.safeflow.model.tokenizer.Tokenizer;
import dev.safeflow.testbed.eval.WorldReport;
import dev.safeflow.testbed.tokenizer.WordTokenizer;
import dev.safeflow.testbed.world.World;
import dev.safeflow.testbed.world.WorldWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * {@code safeflow testbed pretrain}: the model organism from nothing. Writes the world's tokenizer,
 * trains a fresh Llama on the pretraining mix, measures it on the world, and saves a Hugging Face
 * directory (config.json, model.safetensors, tokenizer files, training_curve.csv, MODEL_CARD.md).
 */
public final class Organism {

    /** What one pretraining run produced. */
    public record Result(List<Pretrainer.Point> curve, WorldReport report, long parameters, int vocab,
            int examples, double trainSeconds) {}

    private Organism() {}

    public static Result pretrain(World world, PretrainConfig c, Path out, Consumer<String> log) {
        WordTokenizer words = WorldWriter.tokenizer(world);
        words.write(out);
        Djl.engine().setRandomSeed((int) c.seed());
        try (Tokenizer tok = Tokenizer.load(out); NDManager root = Djl.newManager()) {
            int vocab = words.size();
            LlamaModel model = ModelLoader.random(c.model(vocab), root);
            long params = Pretrainer.parameterCount(model);
            var mix = Pretrainer.mix(world);
            log.accept(String.format("model: %,d parameters, vocabulary %d; %d training examples, %d steps of %d",
                    params, vocab, mix.size(), c.steps(), c.batch()));
            long t0 = System.nanoTime();
            List<Pretrainer.Point> curve = new Pretrainer(c, model, tok).train(mix, log);
            double seconds = (System.nanoTime() - t0) / 1e9;
            ModelWriter.save(model, out);
            log.accept("measuring the saved model on the world ...");
            WorldReport report;
            try (ModelRuntime saved = ModelRuntime.open(out, null)) {
                report = WorldReport.measure(saved, world);
            }
            log.accept(report.toText());
            Result r = new Result(curve, report, params, vocab, mix.size(), seconds);
            writeCurve(out, curve);
            Files.writeString(out.resolve("MODEL_CARD.md"), ModelCard.render(world, c, r));
            return r;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the model organism to " + out + ": " + e.getMessage(), e);
        }
    }

    private static void writeCurve(Path out, List<Pretrainer.Point> curve) throws IOException {
        StringBuilder sb = new StringBuilder("step,loss,lr,grad_norm,seconds\n");
        curve.forEach(p -> sb.append(String.format("%d,%.5f,%.6f,%.4f,%.1f%n", p.step(), p.loss(), p.lr(),
                p.gradNorm(), p.seconds())));
        Files.writeString(out.resolve("training_curve.csv"), sb.toString());
    }
}
