package dev.safeflow.evaluator;

import dev.safeflow.evaluator.checkpoint.ManifestVerifier;
import dev.safeflow.evaluator.checkpoint.Verification;
import dev.safeflow.evaluator.suite.Decoding;
import dev.safeflow.evaluator.suite.HarmfulSuite;
import dev.safeflow.evaluator.suite.JsonlReport;
import dev.safeflow.evaluator.suite.LabelledPrompt;
import dev.safeflow.evaluator.suite.Subject;
import dev.safeflow.evaluator.suite.SuiteResult;
import dev.safeflow.evaluator.suite.Throughput;
import dev.safeflow.model.ModelException;
import dev.safeflow.model.ModelRuntime;
import dev.safeflow.schemas.config.Settings;
import dev.safeflow.trainer.checkpoint.CheckpointStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code safeflow eval}: one model (plus adapter) through the configured suites, reports written.
 * An adapter directory with a manifest.json is verified first, like a streamed checkpoint.
 */
public final class OneOffEvaluation {

    private OneOffEvaluation() {
    }

    public static List<SuiteResult> run(Settings s, EvaluatorPlugins plugins, Path model, Path adapter,
            List<String> suites) {
        verifyIfManifest(adapter);
        try (EvaluationPlan plan = EvaluationPlan.from(s, plugins, suites); ModelRuntime runtime = open(model, adapter)) {
            List<SuiteResult> results = plan.run(new Subject(model, adapter, runtime));
            String name = adapter != null ? adapter.getFileName().toString() : model.getFileName().toString();
            for (SuiteResult r : results) {
                JsonlReport.write(Path.of(s.get(EvaluatorConfig.REPORT_DIR)), name, r);
            }
            return results;
        }
    }

    /** The harmful prompts decoded one at a time, then in the configured batches. */
    public static Throughput throughput(Settings s, Path model, Path adapter) {
        List<String> prompts = HarmfulSuite.KEYS.read(s).stream().map(LabelledPrompt::prompt).toList();
        Decoding decoding = HarmfulSuite.KEYS.decoding(s);
        try (ModelRuntime runtime = open(model, adapter)) {
            return Throughput.measure(runtime, prompts, decoding);
        }
    }

    private static void verifyIfManifest(Path adapter) {
        if (adapter != null && Files.isRegularFile(adapter.resolve(CheckpointStore.MANIFEST))) {
            Verification v = ManifestVerifier.verify(adapter, "");
            if (!v.intact()) {
                throw new IllegalArgumentException("adapter " + adapter + " was not evaluated: " + v.summary()
                    + "; use an intact checkpoint directory");
            }
        }
    }

    private static ModelRuntime open(Path model, Path adapter) {
        try {
            return ModelRuntime.open(model, adapter);
        } catch (ModelException e) {
            throw new IllegalArgumentException("cannot load model " + model + (adapter != null ? " with adapter " + adapter : "")
                + ": " + e.getMessage(), e);
        }
    }
}
