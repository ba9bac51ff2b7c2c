package dev.safeflow.app;

import dev.safeflow.app.bench.AuditorBench;
import dev.safeflow.app.bench.DataPlaneRatio;
import dev.safeflow.app.bench.IngestBench;
import dev.safeflow.app.bench.PipelineBench;
import dev.safeflow.app.bench.PipelineReport;
import dev.safeflow.trainer.TrainingMethod;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "pipeline", mixinStandardHelpOptions = true,
    description = {"Offers a steady load to file ingest and runs the auditor and the streaming trainer (on the model",
        "organism) behind it on the embedded platform; prints each stage's throughput, its lag over time, and the",
        "p50/p90/p99/max delay from a record's ingest timestamp to the training step that used it. A stage that",
        "cannot keep up is named, with its lag growing. With --all, 'bench ingest' and 'bench auditor' run first",
        "(their defaults, or their --quick runs) and every data-plane ratio is printed again at the end with the",
        "freshness figures. Figures only, never pass/fail (docs/performance.md)."})
final class BenchPipelineCommand implements Callable<Integer> {
    @Option(names = "--rate", defaultValue = "1000", description = "Records per second offered to ingest (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--seconds", defaultValue = "60", description = "How long the load is offered (default: ${DEFAULT-VALUE}).")
    int seconds;

    @Option(names = "--method", defaultValue = "sap", description = "Trainer method: sap or sft (default: ${DEFAULT-VALUE}).")
    String method;

    @Option(names = "--batch-size", defaultValue = "10", description = "Trainer micro-batch size (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--partitions", defaultValue = "1", description = "Partitions of every topic (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--screeners", defaultValue = "text,embedding",
        description = "The auditor's cascade, as auditor.screeners (default: ${DEFAULT-VALUE}, the auditor's own default).")
    String screeners;

    @Option(names = "--sample-every", defaultValue = "5", description = "Seconds between lag samples (default: ${DEFAULT-VALUE}).")
    int sampleEvery;

    @Option(names = "--quick", description = "A smoke run: 100 records/s for 10 s, sampled every 2 s (with --all, the "
        + "quick runs of the other two benchmarks too).")
    boolean quick;

    @Option(names = "--all", description = "Run 'bench ingest' and 'bench auditor' first and end with every data-plane ratio "
        + "and the freshness figures: a regression is one command away.")
    boolean all;

    @Option(names = "--model", defaultValue = "models/safeflow-organism-v1", description = "The model organism (default: ${DEFAULT-VALUE}).")
    Path model;

    @Option(names = "--work-dir", defaultValue = "data/bench-pipeline",
        description = "Broker data, checkpoints and the generated input; emptied first, if empty or made by safeflow (default: ${DEFAULT-VALUE}).")
    Path workDir;

    @Override
    public Integer call() throws Exception {
        if (quick) {
            rate = 100;
            seconds = 10;
            sampleEvery = 2;
        }
        if (rate <= 0 || seconds < 1 || batchSize < 1 || partitions < 1 || sampleEvery < 1) {
            throw new UserErrors.UserException("--rate must be positive and --seconds, --batch-size, --partitions and "
                + "--sample-every at least 1");
        }
        try {
            method = TrainingMethod.parse(method).id();
        } catch (IllegalArgumentException e) {
            throw new UserErrors.UserException("--" + e.getMessage());
        }
        if (!Files.isRegularFile(model.resolve("config.json"))) {
            throw new UserErrors.UserException(model.toAbsolutePath() + " has no config.json; pass --model with the organism's directory");
        }
        WorkDirs.reset(workDir);
        PrintStream console = System.out;
        List<DataPlaneRatio> ratios = new ArrayList<>();
        if (all) {
            console.println("== bench ingest" + (quick ? " --quick" : ""));
            ratios.addAll(IngestBench.run(quick ? IngestBench.Options.quick(workDir.resolve("ingest"))
                : IngestBench.Options.defaults(workDir.resolve("ingest")), console));
            console.println("== bench auditor" + (quick ? " --quick" : ""));
            ratios.addAll(AuditorBench.run(quick ? AuditorBench.Options.quick(workDir.resolve("auditor"))
                : AuditorBench.Options.defaults(workDir.resolve("auditor")), console));
            console.println("== bench pipeline" + (quick ? " --quick" : ""));
        }
        Path pipelineDir = all ? workDir.resolve("pipeline") : workDir;
        Files.createDirectories(pipelineDir);
        // The trainer prints a line per step; those go to a log so that stdout holds the report alone.
        PipelineReport report;
        try (PrintStream services = new PrintStream(Files.newOutputStream(pipelineDir.resolve("services.log")), true,
                java.nio.charset.StandardCharsets.UTF_8)) {
            System.setOut(services);
            report = new PipelineBench(new PipelineBench.Config(pipelineDir, model, rate, seconds, method, batchSize,
                partitions, screeners, Duration.ofSeconds(sampleEvery)), System.err).run();
        } finally {
            System.setOut(console);
        }
        console.print(report.toText());
        if (all) {
            console.println();
            console.println("every data-plane ratio (each taken inside its own benchmark run):");
            ratios.forEach(r -> console.println("  " + r.line()));
            console.println("  " + report.freshnessLine());
        }
        return 0;
    }
}
