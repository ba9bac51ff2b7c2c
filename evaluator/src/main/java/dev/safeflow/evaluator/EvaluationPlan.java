package dev.safeflow.evaluator;

import dev.safeflow.evaluator.judge.Judge;
import dev.safeflow.evaluator.judge.Judges;
import dev.safeflow.evaluator.suite.AnswerMatcher;
import dev.safeflow.evaluator.suite.AttackSuite;
import dev.safeflow.evaluator.suite.HarmfulSuite;
import dev.safeflow.evaluator.suite.LabelledPrompt;
import dev.safeflow.evaluator.suite.PromptFile;
import dev.safeflow.evaluator.suite.Subject;
import dev.safeflow.evaluator.suite.Suite;
import dev.safeflow.evaluator.suite.SuiteResult;
import dev.safeflow.evaluator.suite.UtilitySuite;
import dev.safeflow.schemas.config.Settings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The suites to run, with their prompts read and their judge built once: what every checkpoint is
 * evaluated with. Owns the judge (a guard model holds native memory); close it.
 */
public final class EvaluationPlan implements AutoCloseable {

    private final List<Suite> suites;
    private final Judge judge;

    public EvaluationPlan(List<Suite> suites, Judge judge) {
        this.suites = List.copyOf(suites);
        this.judge = judge;
    }

    /** The plan {@code settings} describe; a missing prompt file or unknown judge is a user error naming the key. */
    public static EvaluationPlan from(Settings settings, List<String> suiteNames) {
        boolean chat = settings.get(EvaluatorConfig.CHAT);
        List<Suite> suites = new ArrayList<>();
        Judge judge = null;
        try {
            for (String name : suiteNames) {
                switch (name) {
                    case HarmfulSuite.NAME -> {
                        judge = judge != null ? judge : Judges.create(judgeSpec(settings));
                        suites.add(new HarmfulSuite(name, prompts(settings, EvaluatorConfig.HARMFUL),
                            EvaluatorConfig.HARMFUL.decoding(settings, chat), judge));
                    }
                    case UtilitySuite.NAME -> {
                        List<LabelledPrompt> prompts = prompts(settings, EvaluatorConfig.UTILITY);
                        AnswerMatcher matcher = settings.get(EvaluatorConfig.UTILITY_MATCH).equals(AnswerMatcher.EXACT)
                            ? AnswerMatcher.exact() : AnswerMatcher.label(settings.get(EvaluatorConfig.UTILITY_LABELS), prompts);
                        suites.add(new UtilitySuite(prompts, EvaluatorConfig.UTILITY.decoding(settings, chat), matcher));
                    }
                    case AttackSuite.NAME -> {
                        judge = judge != null ? judge : Judges.create(judgeSpec(settings));
                        HarmfulSuite after = new HarmfulSuite(name, prompts(settings, EvaluatorConfig.HARMFUL),
                            EvaluatorConfig.ATTACK.decoding(settings, chat), judge);
                        suites.add(new AttackSuite(prompts(settings, EvaluatorConfig.ATTACK), attack(settings), after));
                    }
                    default -> throw new IllegalArgumentException("unknown suite '" + name
                        + "'; evaluator.suites takes harmful, utility, attack");
                }
            }
        } catch (RuntimeException e) {
            if (judge != null) {
                judge.close();
            }
            throw e;
        }
        return new EvaluationPlan(suites, judge);
    }

    static AttackSuite.Attack attack(Settings s) {
        return new AttackSuite.Attack(s.get(EvaluatorConfig.ATTACK_STEPS), s.get(EvaluatorConfig.ATTACK_LR),
            s.get(EvaluatorConfig.ATTACK_TRAIN_BATCH), s.get(EvaluatorConfig.ATTACK_MAX_LENGTH), 42);
    }

    static Judges.Spec judgeSpec(Settings s) {
        String guard = s.get(EvaluatorConfig.GUARD_MODEL);
        Map<String, String> options = new TreeMap<>();
        s.asMap().forEach((k, v) -> {
            if (k.startsWith("evaluator.judge.")) {
                options.put(k.substring("evaluator.judge.".length()), String.valueOf(v));
            }
        });
        return new Judges.Spec(s.get(EvaluatorConfig.JUDGE), s.get(EvaluatorConfig.REFUSAL_PHRASES),
            guard.isBlank() ? null : Path.of(guard), s.get(EvaluatorConfig.GUARD_BATCH), options);
    }

    private static List<LabelledPrompt> prompts(Settings s, SuiteKeys keys) {
        Path file = keys.promptFile(s);
        if (file == null) {
            throw new IllegalArgumentException(keys.prompts().name() + " is not set; point it at the suite's JSONL prompt file");
        }
        return PromptFile.read(file, s.get(keys.limit()));
    }

    public List<Suite> suites() {
        return suites;
    }

    /** Runs every suite on {@code subject}, in order. */
    public List<SuiteResult> run(Subject subject) {
        List<SuiteResult> out = new ArrayList<>();
        for (Suite suite : suites) {
            out.add(suite.run(subject));
        }
        return out;
    }

    @Override
    public void close() {
        if (judge != null) {
            judge.close();
        }
    }
}
