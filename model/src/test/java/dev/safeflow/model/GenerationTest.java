package dev.safeflow.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.safeflow.model.generate.GenerationConfig;
import dev.safeflow.model.generate.Generator;
import dev.safeflow.model.generate.KvCache;
import dev.safeflow.model.io.ModelLoader;
import dev.safeflow.model.nn.AttentionMask;
import dev.safeflow.model.nn.LlamaModel;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class GenerationTest {

    private static NDManager root;
    private static LlamaModel model;

    @BeforeAll
    static void load() {
        root = Djl.newManager();
        model = ModelLoader.load(Fixtures.model("llama3-tied-bf16"), root);
    }

    @AfterAll
    static void close() {
        root.close();
    }

    @Test
    void kvCacheDecodingGivesTheLogitsOfTheFullForward() {
        try (NDManager step = root.newSubManager(); KvCache cache = new KvCache(step, model.layers().size())) {
            long[] ids = {1, 9, 17, 33, 4, 60, 12, 7};
            NDArray full = model.logits(step.create(ids, new Shape(1, 8)), AttentionMask.full(1, 8), null, false);
            NDArray prefill = model.logits(step.create(new long[] {1, 9, 17, 33, 4}, new Shape(1, 5)),
                    AttentionMask.full(1, 5), cache, false);
            assertTrue(Fixtures.maxAbsDiff(prefill, full.get(":, :5")) < 1e-5);
            for (int t = 5; t < 8; t++) {
                NDArray one = model.logits(step.create(new long[] {ids[t]}, new Shape(1, 1)),
                        AttentionMask.full(1, t + 1), cache, false);
                assertTrue(Fixtures.maxAbsDiff(one, full.get(":, " + t + ":" + (t + 1))) < 1e-5, "position " + t);
            }
            assertEquals(8, cache.length());
        }
    }

    @Test
    void greedyGenerationMatchesArgMaxOfRepeatedFullForwards() {
        int[] prompt = {1, 9, 17, 33};
        int[] got = new Generator(model, 0).generate(List.of(prompt), GenerationConfig.greedy(6, List.of()))
                .get(0);
        long[] seq = {1, 9, 17, 33, 0, 0, 0, 0, 0, 0};
        try (NDManager step = root.newSubManager()) {
            for (int n = 0; n < 6; n++) {
                int len = 4 + n;
                NDArray in = step.create(java.util.Arrays.copyOf(seq, len), new Shape(1, len));
                NDArray logits = model.logits(in, AttentionMask.full(1, len), null, false);
                seq[len] = logits.get(0, len - 1).argMax().getLong();
                assertEquals(seq[len], got[n], "token " + n);
            }
        }
    }

    @Test
    void batchedLeftPaddedPromptsGenerateWhatEachPromptGeneratesAlone() {
        Generator g = new Generator(model, 0);
        int[] a = {1, 9, 17, 33, 4, 60};
        int[] b = {1, 12};
        GenerationConfig cfg = new GenerationConfig(5, 0.9f, 0.9f, 42, List.of());
        List<int[]> batch = g.generate(List.of(a, b), cfg);
        assertArrayEquals(g.generate(List.of(a), cfg).get(0), batch.get(0));
        assertArrayEquals(g.generate(List.of(b), cfg).get(0), batch.get(1));
    }

    @Test
    void seededSamplingIsDeterministicAndDependsOnTheSeed() {
        Generator g = new Generator(model, 0);
        int[] p = {1, 9, 17};
        List<int[]> x = g.generate(List.of(p), new GenerationConfig(12, 1.5f, 1f, 1, List.of()));
        List<int[]> y = g.generate(List.of(p), new GenerationConfig(12, 1.5f, 1f, 1, List.of()));
        List<int[]> z = g.generate(List.of(p), new GenerationConfig(12, 1.5f, 1f, 2, List.of()));
        assertArrayEquals(x.get(0), y.get(0));
        assertFalse(java.util.Arrays.equals(x.get(0), z.get(0)));
    }

    @Test
    void generationStopsAtAStopTokenAndAtMaxNewTokens() {
        Generator g = new Generator(model, 0);
        int[] p = {1, 9, 17};
        int[] free = g.generate(List.of(p), GenerationConfig.greedy(8, List.of())).get(0);
        assertEquals(8, free.length);
        int stop = free[3];
        int firstStop = 0;
        while (free[firstStop] != stop) {
            firstStop++;
        }
        int[] stopped = g.generate(List.of(p), GenerationConfig.greedy(8, List.of(stop))).get(0);
        assertArrayEquals(java.util.Arrays.copyOf(free, firstStop), stopped);
    }
}
