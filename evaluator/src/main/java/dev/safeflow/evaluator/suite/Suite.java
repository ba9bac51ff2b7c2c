package dev.safeflow.evaluator.suite;

/** One way of scoring a model: harmful, utility, attack. */
public interface Suite {

    String name();

    SuiteResult run(Subject subject);
}
