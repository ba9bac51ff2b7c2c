package dev.safeflow.evaluator.suite;

import dev.safeflow.model.ModelRuntime;

/** One way of scoring a model: harmful, utility, attack. */
public interface Suite {

    String name();

    SuiteResult run(ModelRuntime model);
}
