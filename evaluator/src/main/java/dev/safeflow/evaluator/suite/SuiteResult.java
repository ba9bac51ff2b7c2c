package dev.safeflow.evaluator.suite;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one suite measured on one model.
 *
 * @param suite   harmful, utility or attack
 * @param score   harmful score or accuracy, in percent
 * @param values  further figures: counts per verdict, prompts per second
 * @param judge   who labelled the responses (a judge's name, or the utility matcher's)
 * @param samples per-prompt verdicts, in prompt order
 */
public record SuiteResult(String suite, double score, Map<String, Double> values, String judge, List<Sample> samples) {
    public SuiteResult {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values)); // keeps the suite's order for tables
        samples = List.copyOf(samples);
    }
}
