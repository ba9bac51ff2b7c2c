package dev.safeflow.evaluator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.safeflow.evaluator.suite.Suite;
import dev.safeflow.schemas.config.ConfigException;
import dev.safeflow.schemas.config.ConfigLoader;
import dev.safeflow.schemas.config.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluationPlanTest {

    @TempDir
    Path tmp;

    private Settings settings(Map<String, String> overrides) {
        return ConfigLoader.load(EvaluatorConfig.spec(), null, Map.of(), overrides);
    }

    @Test
    void configuredSuitesAreBuiltWithTheirPromptFilesAndLimits() throws Exception {
        Path harmful = Files.writeString(tmp.resolve("h.jsonl"), "{\"prompt\": \"a\"}\n{\"prompt\": \"b\"}\n{\"prompt\": \"c\"}\n");
        Path utility = Files.writeString(tmp.resolve("u.jsonl"), "{\"prompt\": \"a\", \"answer\": \"x\"}\n");
        try (EvaluationPlan plan = EvaluationPlan.from(settings(Map.of("evaluator.harmful.prompts", harmful.toString(),
                "evaluator.harmful.limit", "2", "evaluator.utility.prompts", utility.toString())), List.of("harmful", "utility"))) {
            assertEquals(List.of("harmful", "utility"), plan.suites().stream().map(Suite::name).toList());
        }
    }

    @Test
    void anUnknownJudgeNamesTheKeyAndTheChoices() throws Exception {
        Path harmful = Files.writeString(tmp.resolve("h.jsonl"), "{\"prompt\": \"a\"}\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EvaluationPlan.from(
            settings(Map.of("evaluator.harmful.prompts", harmful.toString(), "evaluator.judge", "oracle")), List.of("harmful")));
        assertTrue(e.getMessage().contains("set evaluator.judge to one of refusal-string, guard-model"), e.getMessage());
    }

    @Test
    void aGuardModelJudgeWithoutAModelDirectorySaysWhichKeyToSet() throws Exception {
        Path harmful = Files.writeString(tmp.resolve("h.jsonl"), "{\"prompt\": \"a\"}\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EvaluationPlan.from(
            settings(Map.of("evaluator.harmful.prompts", harmful.toString(), "evaluator.judge", "guard-model")), List.of("harmful")));
        assertTrue(e.getMessage().contains("evaluator.judge.guard-model"), e.getMessage());
    }

    @Test
    void aUtilityFileWithoutAnswersIsRefused() throws Exception {
        Path utility = Files.writeString(tmp.resolve("u.jsonl"), "{\"prompt\": \"a\"}\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EvaluationPlan.from(
            settings(Map.of("evaluator.utility.prompts", utility.toString())), List.of("utility")));
        assertTrue(e.getMessage().contains("\"answer\" field"), e.getMessage());
    }

    @Test
    void anUnknownSuiteIsAConfigurationError() {
        ConfigException e = assertThrows(ConfigException.class, () -> settings(Map.of("evaluator.suites", "harmful,vibes")));
        assertTrue(e.getMessage().contains("evaluator.suites"), e.getMessage());
    }
}
