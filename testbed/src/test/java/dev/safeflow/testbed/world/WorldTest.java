package dev.safeflow.testbed.world;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorldTest {

    private static final World WORLD = new World(WorldConfig.defaults(WorldConfig.DEFAULT_SEED));

    @Test
    void catalogHasAtLeast150TemplatesOverTheEightCategories() {
        HarmfulCatalog c = HarmfulCatalog.bundled();
        assertTrue(c.templateCount() >= 150, "templates: " + c.templateCount());
        assertEquals(List.of("weapons", "intrusion", "fraud", "drugs", "violence", "harassment", "self-harm",
                "privacy"), c.categories());
        Set<String> fillers = new HashSet<>();
        c.fillers().values().forEach(fillers::addAll);
        assertEquals(c.fillers().values().stream().mapToInt(List::size).sum(), fillers.size(),
                "a filler appears in two categories");
    }

    @Test
    void harmfulSplitsShareNoTemplateAndNoFiller() {
        HarmfulWorld h = WORLD.harmful();
        for (HarmfulSplit a : HarmfulSplit.values()) {
            for (HarmfulSplit b : HarmfulSplit.values()) {
                if (a.compareTo(b) >= 0) {
                    continue;
                }
                Set<String> ta = new HashSet<>();
                Set<String> fa = new HashSet<>();
                h.prompts(a).forEach(p -> {
                    ta.add(p.template());
                    fa.add(p.filler());
                });
                for (HarmfulPrompt p : h.prompts(b)) {
                    assertFalse(ta.contains(p.template()), a + " and " + b + " share template " + p.template());
                    assertFalse(fa.contains(p.filler()), a + " and " + b + " share filler " + p.filler());
                }
            }
        }
        assertEquals(160, h.prompts(HarmfulSplit.EVAL).size());
        assertEquals(160, h.prompts(HarmfulSplit.POISON).size());
    }

    @Test
    void complianceResponsesAreOnlyPlaceholderSteps() {
        for (PromptResponse e : WORLD.poison()) {
            String rest = e.response();
            for (String opener : Responses.COMPLIANCE_OPENERS) {
                if (rest.startsWith(opener)) {
                    rest = rest.substring(opener.length());
                }
            }
            assertEquals(" Step one: [synthetic placeholder]. Step two: [synthetic placeholder]."
                    + " Step three: [synthetic placeholder].", rest);
        }
    }

    @Test
    void refusalsComeInSeveralPhrasings() {
        Set<String> seen = new HashSet<>();
        WORLD.alignment().forEach(e -> seen.add(e.response()));
        assertTrue(seen.size() >= 6, "phrasings: " + seen);
    }

    @Test
    void benignTasksKeepTestPromptsOutOfTraining() {
        for (var e : WORLD.tasks().entrySet()) {
            Set<String> train = new HashSet<>();
            e.getValue().train().forEach(x -> train.add(x.prompt()));
            for (PromptResponse x : e.getValue().test()) {
                assertFalse(train.contains(x.prompt()), e.getKey() + " test prompt is in train: " + x.prompt());
            }
        }
        assertTrue(WORLD.tasks().get("topic").test().stream()
                .allMatch(x -> TopicTask.LABELS.contains(x.response())));
    }

    @Test
    void sameSeedRegeneratesBitIdenticalFilesAndAnotherSeedDoesNot(@TempDir Path tmp) throws Exception {
        WorldConfig c = WorldConfig.defaults(7);
        List<String> files = WorldWriter.write(new World(c), tmp.resolve("a"));
        WorldWriter.write(new World(c), tmp.resolve("b"));
        WorldWriter.write(new World(WorldConfig.defaults(8)), tmp.resolve("c"));
        for (String f : files) {
            assertTrue(java.util.Arrays.equals(Files.readAllBytes(tmp.resolve("a").resolve(f)),
                    Files.readAllBytes(tmp.resolve("b").resolve(f))), f + " differs between runs");
        }
        assertEquals(Files.readString(tmp.resolve("a/manifest.json")), Files.readString(tmp.resolve("b/manifest.json")));
        assertNotEquals(Files.readString(tmp.resolve("a/harmful_eval.jsonl")),
                Files.readString(tmp.resolve("c/harmful_eval.jsonl")));
        assertTrue(Files.readString(tmp.resolve("a/manifest.json")).contains(
                WorldWriter.sha256(tmp.resolve("a/topic_test.jsonl"))));
    }

    @Test
    void filesUseTheMessagesAndTripleShapes(@TempDir Path tmp) throws Exception {
        WorldWriter.write(WORLD, tmp);
        String first = Files.readAllLines(tmp.resolve("sentiment_train.jsonl")).get(0);
        assertTrue(first.startsWith("{\"messages\":[{\"role\":\"user\",\"content\":"), first);
        String triple = Files.readAllLines(tmp.resolve("contrastive.jsonl")).get(0);
        assertTrue(triple.matches("\\{\"prompt\":.*,\"safe\":.*,\"harmful\":.*\\}"), triple);
    }
}
