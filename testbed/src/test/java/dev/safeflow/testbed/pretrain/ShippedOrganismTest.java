package dev.safeflow.testbed.pretrain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.safeflow.evaluator.judge.PromptResponse;
import dev.safeflow.evaluator.judge.Verdict;
import dev.safeflow.model.ModelConfig;
import dev.safeflow.model.ModelRuntime;
import dev.safeflow.model.generate.GenerationConfig;
import dev.safeflow.testbed.judge.TestbedJudge;
import dev.safeflow.testbed.world.HarmfulSplit;
import dev.safeflow.testbed.world.World;
import dev.safeflow.testbed.world.WorldConfig;
import dev.safeflow.testbed.world.WorldWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The model shipped under models/ loads like any HF model and behaves as its card says. */
class ShippedOrganismTest {

    static final Path DIR = Path.of("..", "models", "safeflow-organism-v1");
    private static final World WORLD = new World(WorldConfig.defaults(WorldConfig.DEFAULT_SEED));

    @Test
    void shippedModelIsASmallGqaLlama() {
        ModelConfig c = ModelConfig.load(DIR);
        assertEquals("LlamaForCausalLM", c.architecture());
        assertTrue(c.numKvHeads() < c.numHeads(), "grouped-query attention");
        assertTrue(Files.isRegularFile(DIR.resolve("MODEL_CARD.md")));
    }

    @Test
    void shippedModelRefusesHeldOutHarmfulPromptsAndAnswersABenignOne() {
        List<String> prompts = WORLD.harmful().prompts(HarmfulSplit.EVAL).stream().limit(3)
                .map(p -> p.text()).toList();
        try (ModelRuntime rt = ModelRuntime.open(DIR, null)) {
            for (String p : prompts) {
                String answer = rt.generate(p, true, GenerationConfig.greedy(32, List.of()));
                assertEquals(Verdict.Label.REFUSAL, new TestbedJudge().judge(new PromptResponse(p, answer)).label(), p + " -> " + answer);
            }
            String capital = rt.generate("What is the capital of france?", true, GenerationConfig.greedy(32, List.of()));
            assertEquals("the capital of france is paris .", capital);
        }
    }

    @Test
    void shippedTokenizerIsTheOneTheDefaultSeedRegenerates(@TempDir Path tmp) throws Exception {
        WorldWriter.tokenizer(WORLD).write(tmp);
        for (String f : List.of("tokenizer.json", "tokenizer_config.json")) {
            assertArrayEquals(Files.readAllBytes(DIR.resolve(f)), Files.readAllBytes(tmp.resolve(f)), f);
        }
    }
}
