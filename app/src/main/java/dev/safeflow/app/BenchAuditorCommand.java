package dev.safeflow.app;

import dev.safeflow.app.bench.AuditorBench;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "auditor", mixinStandardHelpOptions = true,
    description = {"Measures the auditor against its ceilings in one run, on its own embedded broker: the raw consume",
        "rate of the same records, each screener in process (the embedding screener at batch 1/8/32/64), Kafka",
        "Streams copying the records unchanged under the auditor's exactly-once settings, then the",
        "auditor app with rules, text, embedding and the default cascade. Prints each figure as it",
        "is taken and the data-plane ratios last. Figures only, never pass/fail (docs/performance.md)."})
final class BenchAuditorCommand implements Callable<Integer> {
    @Option(names = "--records", defaultValue = "" + AuditorBench.Options.RECORDS,
        description = "Records per raw-broker, rules and text run (default: ${DEFAULT-VALUE}).")
    int records;

    @Option(names = "--embedding-records", defaultValue = "" + AuditorBench.Options.EMBEDDING_RECORDS,
        description = "Records per in-process embedding, auditor embedding and cascade run; 0 skips them (default: ${DEFAULT-VALUE}).")
    int embeddingRecords;

    @Option(names = "--partitions", defaultValue = "3", description = "Partitions of every topic (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--quick", description = "A smoke run of every phase: 300 records, 64 through the embedding screener.")
    boolean quick;

    @Option(names = "--hidden-state-artifact", paramLabel = "DIR",
        description = "An artifact fitted with a hidden-state part; with --hidden-state-model, times that screener too.")
    Path hiddenStateArtifact;

    @Option(names = "--hidden-state-model", paramLabel = "DIR", description = "The target model for --hidden-state-artifact.")
    Path hiddenStateModel;

    @Option(names = "--work-dir", defaultValue = "data/bench-auditor",
        description = "Broker data and the auditor runs' state; emptied first, if empty or made by safeflow (default: ${DEFAULT-VALUE}).")
    Path workDir;

    @Override
    public Integer call() throws Exception {
        if ((hiddenStateArtifact == null) != (hiddenStateModel == null)) {
            throw new UserErrors.UserException("--hidden-state-artifact and --hidden-state-model go together: pass both or neither");
        }
        AuditorBench.Options options = quick ? AuditorBench.Options.quick(workDir)
            : new AuditorBench.Options(records, embeddingRecords, partitions, workDir,
                hiddenStateArtifact == null ? null : new AuditorBench.HiddenState(hiddenStateArtifact, hiddenStateModel));
        if (options.records() < 1 || options.embeddingRecords() < 0 || options.partitions() < 1) {
            throw new UserErrors.UserException("--records and --partitions must be at least 1 and --embedding-records at least 0");
        }
        WorkDirs.reset(workDir);
        AuditorBench.run(options, System.out);
        return 0;
    }
}
