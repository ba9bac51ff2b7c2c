package dev.safeflow.evaluator;

import dev.safeflow.evaluator.judge.GuardModelJudge;
import dev.safeflow.evaluator.judge.JudgeFactory;
import dev.safeflow.evaluator.judge.RefusalStringJudge;
import dev.safeflow.evaluator.plugin.Registry;
import dev.safeflow.evaluator.suite.AttackSuite;
import dev.safeflow.evaluator.suite.HarmfulSuite;
import dev.safeflow.evaluator.suite.SuiteFactory;
import dev.safeflow.evaluator.suite.UtilitySuite;
import dev.safeflow.schemas.config.ConfigKey;
import java.util.ArrayList;
import java.util.List;

/**
 * The evaluator's plug-in points: the judges {@code evaluator.judge} can name and the suites
 * {@code evaluator.suites} can name. A module above the evaluator (the testbed's judge) registers with
 * {@link #withJudge} where the CLI wires the commands; the evaluator never looks for it.
 */
public record EvaluatorPlugins(Registry<JudgeFactory> judges, Registry<SuiteFactory> suites) {

    /** The judges and suites the evaluator itself provides. */
    public static EvaluatorPlugins builtIn() {
        return new EvaluatorPlugins(
            Registry.<JudgeFactory>empty("judge", EvaluatorConfig.JUDGE)
                .with(RefusalStringJudge.ENTRY)
                .with(GuardModelJudge.ENTRY),
            Registry.<SuiteFactory>empty("suite", EvaluatorConfig.SUITES)
                .with(HarmfulSuite.ENTRY)
                .with(UtilitySuite.ENTRY)
                .with(AttackSuite.ENTRY));
    }

    public EvaluatorPlugins withJudge(Registry.Entry<JudgeFactory> judge) {
        return new EvaluatorPlugins(judges.with(judge), suites);
    }

    public EvaluatorPlugins withSuite(Registry.Entry<SuiteFactory> suite) {
        return new EvaluatorPlugins(judges, suites.with(suite));
    }

    /** Every registered judge's and suite's keys. */
    public List<ConfigKey<?>> keys() {
        List<ConfigKey<?>> out = new ArrayList<>(judges.keys());
        out.addAll(suites.keys());
        return out;
    }
}
