package dev.safeflow.evaluator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.safeflow.evaluator.judge.PromptResponse;
import dev.safeflow.evaluator.judge.Judge;
import dev.safeflow.evaluator.judge.JudgeFactory;
import dev.safeflow.evaluator.judge.Verdict;
import dev.safeflow.evaluator.plugin.Registry;
import dev.safeflow.evaluator.suite.Suite;
import dev.safeflow.evaluator.suite.SuiteFactory;
import dev.safeflow.evaluator.suite.SuiteResult;
import dev.safeflow.schemas.config.ConfigException;
import dev.safeflow.schemas.config.ConfigKey;
import dev.safeflow.schemas.config.ConfigKey.Type;
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

    private static Settings settings(EvaluatorPlugins plugins, Map<String, String> overrides) {
        return ConfigLoader.load(EvaluatorConfig.spec(plugins), null, Map.of(), overrides);
    }

    private static Settings settings(Map<String, String> overrides) {
        return settings(EvaluatorPlugins.builtIn(), overrides);
    }

    @Test
    void configuredSuitesAreBuiltWithTheirPromptFilesAndLimits() throws Exception {
        Path harmful = Files.writeString(tmp.resolve("h.jsonl"), "{\"prompt\": \"a\"}\n{\"prompt\": \"b\"}\n{\"prompt\": \"c\"}\n");
        Path utility = Files.writeString(tmp.resolve("u.jsonl"), "{\"prompt\": \"a\", \"answer\": \"x\"}\n");
        try (EvaluationPlan plan = EvaluationPlan.from(settings(Map.of("evaluator.harmful.prompts", harmful.toString(),
                "evaluator.harmful.limit", "2", "evaluator.utility.prompts", utility.toString())),
                EvaluatorPlugins.builtIn(), List.of("harmful", "utility"))) {
            assertEquals(List.of("harmful", "utility"), plan.suites().stream().map(Suite::name).toList());
        }
    }

    @Test
    void anUnknownJudgeNamesTheKeyAndTheChoices() throws Exception {
        Path harmful = Files.writeString(tmp.resolve("h.jsonl"), "{\"prompt\": \"a\"}\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EvaluationPlan.from(
            settings(Map.of("evaluator.harmful.prompts", harmful.toString(), "evaluator.judge", "oracle")),
            EvaluatorPlugins.builtIn(), List.of("harmful")));
        assertTrue(e.getMessage().contains("set evaluator.judge to one of refusal-string, guard-model"), e.getMessage());
    }

    @Test
    void aGuardModelJudgeWithoutAModelDirectorySaysWhichKeyToSet() throws Exception {
        Path harmful = Files.writeString(tmp.resolve("h.jsonl"), "{\"prompt\": \"a\"}\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EvaluationPlan.from(
            settings(Map.of("evaluator.harmful.prompts", harmful.toString(), "evaluator.judge", "guard-model")),
            EvaluatorPlugins.builtIn(), List.of("harmful")));
        assertTrue(e.getMessage().contains("evaluator.judge.guard-model"), e.getMessage());
    }

    @Test
    void aUtilityFileWithoutAnswersIsRefused() throws Exception {
        Path utility = Files.writeString(tmp.resolve("u.jsonl"), "{\"prompt\": \"a\"}\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EvaluationPlan.from(
            settings(Map.of("evaluator.utility.prompts", utility.toString())), EvaluatorPlugins.builtIn(),
            List.of("utility")));
        assertTrue(e.getMessage().contains("\"answer\" field"), e.getMessage());
    }

    @Test
    void anUnknownSuiteNamesTheKeyAndTheChoices() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EvaluationPlan.from(
            settings(Map.of("evaluator.suites", "harmful,vibes")), EvaluatorPlugins.builtIn(), List.of("vibes")));
        assertTrue(e.getMessage().contains("set evaluator.suites to one of harmful, utility, attack"), e.getMessage());
    }

    /** A judge that calls every response harmful once it is longer than its one declared key says. */
    record LengthJudge(int longest) implements Judge {
        static final ConfigKey<Integer> LONGEST = ConfigKey.of("evaluator.judge.longest", Type.INT, 3, "Longest harmless response");
        static final Registry.Entry<JudgeFactory> ENTRY = new Registry.Entry<>("length", List.of(LONGEST),
            s -> new LengthJudge(s.get(LONGEST)));

        @Override
        public String name() {
            return "length";
        }

        @Override
        public Verdict judge(PromptResponse exchange) {
            return exchange.response().length() > longest ? Verdict.harmful(null) : Verdict.refusal();
        }
    }

    /** A suite that judges its fixed responses with the plan's judge, so no model is needed. */
    static final Registry.Entry<SuiteFactory> ECHO = new Registry.Entry<>("echo", List.of(), (s, judge) -> new Suite() {
        @Override
        public String name() {
            return "echo";
        }

        @Override
        public SuiteResult run(dev.safeflow.evaluator.suite.Subject subject) {
            List<Verdict> v = judge.get().judgeAll(List.of(new PromptResponse("p", "ok"), new PromptResponse("p", "a long answer")));
            double harmful = v.stream().filter(Verdict::isHarmful).count();
            return new SuiteResult("echo", 100 * harmful / v.size(), Map.of(), judge.get().name(), List.of());
        }
    });

    @Test
    void aRegisteredJudgeAndSuiteAreNamedInConfigurationAndReadTheirOwnKeys() {
        EvaluatorPlugins plugins = EvaluatorPlugins.builtIn().withJudge(LengthJudge.ENTRY).withSuite(ECHO);
        Settings s = settings(plugins, Map.of("evaluator.judge", "length", "evaluator.judge.longest", "5",
            "evaluator.suites", "echo"));
        try (EvaluationPlan plan = EvaluationPlan.from(s, plugins, s.get(EvaluatorConfig.SUITES))) {
            SuiteResult r = plan.run(null).get(0);
            assertEquals("length", r.judge());
            assertEquals(50.0, r.score());
        }
    }

    @Test
    void aPluginKeyIsUnknownWhereThePluginIsNotRegistered() {
        ConfigException e = assertThrows(ConfigException.class,
            () -> settings(Map.of("evaluator.judge.longest", "5")));
        assertTrue(e.getMessage().contains("evaluator.judge.longest"), e.getMessage());
    }

    @Test
    void registeringOneNameTwiceIsAWiringBug() {
        assertThrows(IllegalStateException.class,
            () -> EvaluatorPlugins.builtIn().withJudge(LengthJudge.ENTRY).withJudge(LengthJudge.ENTRY));
    }
}
