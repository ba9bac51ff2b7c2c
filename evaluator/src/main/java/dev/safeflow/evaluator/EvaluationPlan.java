package dev.safeflow.evaluator;

import dev.safeflow.evaluator.judge.Judge;
import dev.safeflow.evaluator.suite.Subject;
import dev.safeflow.evaluator.suite.Suite;
import dev.safeflow.evaluator.suite.SuiteResult;
import dev.safeflow.schemas.config.Settings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

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

    /**
     * The plan {@code settings} describe, each suite and the judge built by its registry entry in {@code plugins};
     * an unknown name, a missing prompt file or an unusable judge is a user error naming the key.
     */
    public static EvaluationPlan from(Settings settings, EvaluatorPlugins plugins, List<String> suiteNames) {
        SharedJudge judge = new SharedJudge(settings, plugins);
        List<Suite> suites = new ArrayList<>();
        try {
            for (String name : suiteNames) {
                suites.add(plugins.suites().get(name).factory().create(settings, judge));
            }
        } catch (RuntimeException e) {
            judge.close();
            throw e;
        }
        return new EvaluationPlan(suites, judge.built);
    }

    /** The configured judge, built when the first suite asks for it, so a utility-only plan loads no guard model. */
    private static final class SharedJudge implements Supplier<Judge>, AutoCloseable {
        private final Settings settings;
        private final EvaluatorPlugins plugins;
        private Judge built;

        SharedJudge(Settings settings, EvaluatorPlugins plugins) {
            this.settings = settings;
            this.plugins = plugins;
        }

        @Override
        public Judge get() {
            if (built == null) {
                built = plugins.judges().get(settings.get(EvaluatorConfig.JUDGE)).factory().create(settings);
            }
            return built;
        }

        @Override
        public void close() {
            if (built != null) {
                built.close();
            }
        }
    }

    public List<Suite> suites() {
        return suites;
    }

    /** Runs every suite on {@code subject}, in order. */
    public List<SuiteResult> run(Subject subject) {
        return run(subject, (result, took) -> { });
    }

    /** Runs every suite on {@code subject}, in order, telling {@code onSuite} each result and how long it took. */
    public List<SuiteResult> run(Subject subject, BiConsumer<SuiteResult, Duration> onSuite) {
        List<SuiteResult> out = new ArrayList<>();
        for (Suite suite : suites) {
            long start = System.nanoTime();
            SuiteResult result = suite.run(subject);
            onSuite.accept(result, Duration.ofNanos(System.nanoTime() - start));
            out.add(result);
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
