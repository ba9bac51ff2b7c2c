package dev.safeflow.evaluator.suite;

import dev.safeflow.evaluator.judge.Judge;
import dev.safeflow.schemas.config.Settings;
import java.util.function.Supplier;

/** Builds a suite from the command's settings; a suite reads only the keys its registry entry declares. */
@FunctionalInterface
public interface SuiteFactory {

    /**
     * @param judge the evaluation's judge, built on first use and shared by every suite that asks for it (a guard
     *              model is loaded once)
     */
    Suite create(Settings settings, Supplier<Judge> judge);
}
