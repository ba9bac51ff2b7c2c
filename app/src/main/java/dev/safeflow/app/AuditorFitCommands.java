package dev.safeflow.app;

import dev.safeflow.auditor.AuditorConfig;
import dev.safeflow.auditor.fit.DetectionReport;
import dev.safeflow.auditor.fit.Evaluation;
import dev.safeflow.auditor.fit.ReportText;
import dev.safeflow.auditor.fit.ScreenerFitting;
import dev.safeflow.auditor.screen.EmbeddingModels;
import dev.safeflow.auditor.screen.Exemplar;
import dev.safeflow.auditor.screen.ExemplarFile;
import dev.safeflow.auditor.screen.HiddenStateScreener;
import dev.safeflow.auditor.screen.ScreenerArtifact;
import dev.safeflow.auditor.screen.ScreenerRegistry;
import dev.safeflow.auditor.screen.ScreeningCascade;
import dev.safeflow.schemas.config.Settings;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code safeflow auditor fit} and {@code safeflow auditor evaluate}: wiring only; the work is in the auditor's fit package. */
final class AuditorFitCommands {
    private AuditorFitCommands() {
    }

    @Command(name = "fit", mixinStandardHelpOptions = true,
        description = {"Fits the screeners' classifiers on labelled exemplars and writes a versioned artifact "
            + "(sha256 of exemplars and parts, counts per label, category and language, fitted-on date) "
            + "that the auditor loads with --set auditor.artifact=DIR.",
            "Exemplars: JSONL, one record per line in any shape ingest accepts plus \"label\": poison|clean and optional "
                + "\"category\" (a harm category for poison; refusal, decline, education, ... for clean) and \"language\". "
                + "Clean records with category refusal teach the auditor that a refusal is not poison."})
    static final class Fit implements Callable<Integer> {
        @Option(names = "--exemplars", paramLabel = "FILE", description = "Labelled JSONL to fit on (default: ${DEFAULT-VALUE}, the bundled set).")
        String exemplars = "bundled:train";
        @Option(names = "--output", paramLabel = "DIR", required = true, description = "Directory to write the artifact to (created if missing).")
        Path output;
        @Option(names = "--embedding-model", paramLabel = "NAME", description = "Sentence encoder the embedding classifier is fitted with: "
            + EmbeddingModels.QUANTIZED + " or " + EmbeddingModels.FULL + " (default: ${DEFAULT-VALUE}).")
        String encoder = EmbeddingModels.QUANTIZED;
        @Option(names = "--model", paramLabel = "DIR", description = "Target model directory: also fits the hidden-state screener on its pooled hidden states.")
        Path model;
        @Option(names = "--max-tokens", paramLabel = "N", description = "Tokens per record the model reads (default: ${DEFAULT-VALUE}).")
        int maxTokens = HiddenStateScreener.MAX_TOKENS.defaultValue();

        @Override
        public Integer call() throws Exception {
            List<Exemplar> read = ExemplarFile.open(exemplars);
            ScreenerArtifact.Manifest m = ScreenerFitting.fit(exemplars, ExemplarFile.bytes(exemplars), read, encoder, model, maxTokens,
                output, msg -> System.err.println("safeflow auditor fit: " + msg));
            System.out.println("wrote " + output + ": " + m.exemplarCount() + " exemplars " + m.byLabel() + ", languages "
                + m.byLanguage() + ", parts " + m.parts().keySet() + ", fitted " + m.fittedOn());
            return 0;
        }
    }

    @Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = {"Screens labelled records with the configured cascade and prints precision, recall and F1 overall, "
            + "per category and per language, a threshold sweep of the first screener, and the worst errors.",
            "Labels: JSONL as for 'fit', or bundled:heldout, bundled:heldout-multilingual, bundled:train."})
    static final class Evaluate implements Callable<Integer> {
        @Mixin
        ConfigOptions config;
        @Option(names = "--labels", paramLabel = "FILE", required = true, description = "Labelled JSONL to evaluate on.")
        String labels;
        @Option(names = "--screeners", paramLabel = "LIST", split = ",",
            description = "Cascade to evaluate, in order (default: auditor.screeners). One of: text, hidden-state, rules, embedding.")
        List<String> screeners;
        @Option(names = "--json", description = "Print the report as JSON instead of Markdown tables.")
        boolean json;
        @Option(names = "--worst", paramLabel = "N", description = "Worst misses and worst false alarms listed (default: ${DEFAULT-VALUE}).")
        int worst = 10;

        @Override
        public Integer call() {
            Settings settings = config.load(AuditorConfig.spec());
            List<String> names = screeners == null || screeners.isEmpty() ? settings.get(AuditorConfig.SCREENERS) : screeners;
            List<Exemplar> read = ExemplarFile.open(labels);
            try (ScreeningCascade cascade = ScreenerRegistry.cascade(names, settings)) {
                DetectionReport report = Evaluation.run(labels, cascade, read, worst, msg -> System.err.print("\r" + msg));
                System.err.println();
                System.out.print(json ? ReportText.json(report) + "\n" : ReportText.markdown(report));
            }
            return 0;
        }
    }
}
