package dev.safeflow.testbed.pretrain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import dev.safeflow.model.Djl;
import dev.safeflow.model.io.ModelLoader;
import dev.safeflow.model.nn.LlamaModel;
import dev.safeflow.model.tokenizer.Tokenizer;
import dev.safeflow.testbed.world.PromptResponse;
import dev.safeflow.testbed.world.World;
import dev.safeflow.testbed.world.WorldConfig;
import dev.safeflow.testbed.world.WorldWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PretrainerTest {

    @Test
    void fullParameterTrainingLowersTheResponseLossOfATinyModel(@TempDir Path dir) {
        World w = new World(WorldConfig.defaults(3));
        var words = WorldWriter.tokenizer(w);
        words.write(dir);
        PretrainConfig c = new PretrainConfig(3, 32, 64, 2, 4, 2, 40, 8, 5e-3f, 4, 0.01f, 10);
        Djl.engine().setRandomSeed(3);
        try (Tokenizer tok = Tokenizer.load(dir); NDManager root = Djl.newManager()) {
            LlamaModel model = ModelLoader.random(c.model(words.size()), root);
            List<PromptResponse> data = w.alignment().subList(0, 16);
            float before = model.embed().getFloat(10, 0);
            List<Pretrainer.Point> curve = new Pretrainer(c, model, tok).train(data, s -> { });
            assertEquals(4, curve.size());
            assertTrue(curve.get(3).loss() < curve.get(0).loss() * 0.7f, "loss did not fall: " + curve);
            assertTrue(before != model.embed().getFloat(10, 0), "base weights (embeddings) were not trained");
            assertTrue(!model.embed().hasGradient(), "weights stay frozen after training returns");
        }
    }

    @Test
    void pretrainingMixLeavesTopicAndArithmeticOut() {
        World w = new World(WorldConfig.defaults(3));
        List<PromptResponse> mix = Pretrainer.mix(w);
        assertTrue(mix.stream().noneMatch(e -> e.prompt().startsWith("What is the topic")));
        assertTrue(mix.stream().noneMatch(e -> e.prompt().startsWith("Solve this problem")));
        assertEquals(w.instructions().size() + w.tasks().get("sentiment").train().size() + w.alignment().size(),
                mix.size());
    }

    @Test
    void learningRateWarmsUpThenDecaysToATenth() {
        PretrainConfig c = PretrainConfig.defaults(1);
        assertTrue(c.lrAt(0) < c.lrAt(c.warmup() - 1));
        assertEquals(c.lr(), c.lrAt(c.warmup()), 1e-6f);
        assertEquals(c.lr() * 0.1f, c.lrAt(c.steps()), 1e-6f);
    }
}
