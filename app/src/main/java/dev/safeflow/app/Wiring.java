package dev.safeflow.app;

import dev.safeflow.evaluator.EvaluatorPlugins;
import dev.safeflow.testbed.judge.TestbedJudge;

/**
 * Where the CLI plugs modules into each other's registries. The evaluator sits below the testbed in the module
 * graph, so it cannot know the testbed's judge; the CLI, which depends on both, registers it here.
 */
public final class Wiring {

    private Wiring() {
    }

    /** The evaluator's judges and suites, plus the testbed's exact judge. */
    public static EvaluatorPlugins evaluatorPlugins() {
        return EvaluatorPlugins.builtIn().withJudge(TestbedJudge.ENTRY);
    }
}
