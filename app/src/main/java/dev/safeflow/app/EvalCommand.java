package dev.safeflow.app;

import dev.safeflow.evaluator.EvaluatorConfig;
import dev.safeflow.evaluator.EvaluatorPlugins;
import dev.safeflow.evaluator.OneOffEvaluation;
import dev.safeflow.evaluator.ResultTable;
import dev.safeflow.evaluator.suite.HarmfulSuite;
import dev.safeflow.evaluator.suite.SuiteResult;
import dev.safeflow.evaluator.suite.UtilitySuite;
import dev.safeflow.schemas.config.Settings;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "eval", mixinStandardHelpOptions = true,
    description = {"Evaluates one model (and adapter) with the evaluator's suites; prints a table.",
        "Prompt files, judge and decoding come from the evaluator.* keys",
        "(docs/evaluator.md); per-sample verdicts go to evaluator.report-dir as JSONL."})
final class EvalCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "DIR", description = "Base model directory (Hugging Face layout).")
    Path model;

    @Option(names = "--adapter", paramLabel = "DIR", description = "PEFT LoRA adapter or checkpoint directory (verified when it has a manifest.json).")
    Path adapter;

    @Option(names = "--suite", split = ",", defaultValue = "harmful,utility", paramLabel = "SUITE",
        description = "Suites to run, comma-separated (default: ${DEFAULT-VALUE}).")
    List<String> suites;

    @Option(names = "--harmful-prompts", paramLabel = "FILE", description = "Shorthand for --set evaluator.harmful.prompts=FILE.")
    Path harmfulPrompts;

    @Option(names = "--utility-prompts", paramLabel = "FILE", description = "Shorthand for --set evaluator.utility.prompts=FILE.")
    Path utilityPrompts;

    @Option(names = "--throughput", description = "Also time the harmful prompts one at a time and batched, and print prompts/s.")
    boolean throughput;

    @Mixin
    ConfigOptions config;

    /** Picocli hands over the spec while building the command: every key goes into --help. */
    @CommandLine.Spec
    void spec(CommandLine.Model.CommandSpec spec) {
        ConfigOptions.listKeysInHelp(spec, EvaluatorConfig.spec(Wiring.evaluatorPlugins()));
    }

    @Override
    public Integer call() {
        if (harmfulPrompts != null) {
            config.overrides.put(HarmfulSuite.KEYS.prompts().name(), harmfulPrompts.toString());
        }
        if (utilityPrompts != null) {
            config.overrides.put(UtilitySuite.KEYS.prompts().name(), utilityPrompts.toString());
        }
        EvaluatorPlugins plugins = Wiring.evaluatorPlugins();
        Settings settings = config.load(EvaluatorConfig.spec(plugins));
        List<SuiteResult> results = OneOffEvaluation.run(settings, plugins, model, adapter, suites);
        System.out.print(ResultTable.render(results));
        if (throughput) {
            System.out.println("throughput: " + OneOffEvaluation.throughput(settings, model, adapter));
        }
        return 0;
    }
}
