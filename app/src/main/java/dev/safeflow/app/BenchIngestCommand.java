package dev.safeflow.app;

import dev.safeflow.app.bench.DataPlaneRatio;
import dev.safeflow.app.bench.IngestBench;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "ingest", mixinStandardHelpOptions = true,
    description = {"File ingest's rate next to the raw producer's rate for the same pre-encoded records, on an embedded",
        "broker in this process, in alternating rounds; prints each round, CPU time per record and the ratio of the",
        "best rounds (goal >= 0.70). Figures only, never pass/fail (docs/ingest.md, docs/performance.md)."})
final class BenchIngestCommand implements Callable<Integer> {
    @Option(names = "--records", defaultValue = "" + IngestBench.Options.RECORDS,
        description = "Lines in the benchmark file (default: ${DEFAULT-VALUE}).")
    int records;

    @Option(names = "--rounds", defaultValue = "" + IngestBench.Options.ROUNDS,
        description = "Alternating ingest/raw-producer rounds (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--warmup", defaultValue = "" + IngestBench.Options.WARMUP,
        description = "Lines ingested first, untimed (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--warmup-rounds", defaultValue = "" + IngestBench.Options.WARMUP_ROUNDS,
        description = "Then at most this many untimed ingest/raw-producer rounds, ended by the first in which the JIT "
            + "compiled for under 15 percent of the round (default: ${DEFAULT-VALUE}).")
    int warmupRounds;

    @Option(names = "--checkpoint-every", defaultValue = "" + IngestBench.Options.DEFAULT_CHECKPOINT_EVERY,
        description = "Ingest's checkpoint interval in records, as ingest.checkpoint-every (default: ${DEFAULT-VALUE}).")
    int checkpointEvery;

    @Option(names = "--quick", description = "A smoke run: 5,000 lines, one round, 1,000 lines of warm-up, no warm-up rounds.")
    boolean quick;

    @Option(names = "--work-dir", paramLabel = "DIR",
        description = "Broker data, checkpoints and the generated files; emptied first, if empty or made by safeflow (default: a temporary directory, "
            + "deleted at the end).")
    Path workDir;

    @Override
    public Integer call() throws Exception {
        if (records < 1 || rounds < 1 || warmup < 0 || warmupRounds < 0 || checkpointEvery < 1) {
            throw new UserErrors.UserException("--records, --rounds and --checkpoint-every must be at least 1, --warmup and "
                + "--warmup-rounds at least 0");
        }
        boolean temporary = workDir == null;
        Path dir = temporary ? Files.createTempDirectory("safeflow-bench-ingest") : WorkDirs.reset(workDir);
        try {
            List<DataPlaneRatio> ratios = IngestBench.run(quick ? IngestBench.Options.quick(dir)
                : new IngestBench.Options(records, rounds, warmup, warmupRounds, checkpointEvery, dir), System.out);
            return ratios.isEmpty() ? UserErrors.BUG : 0;
        } finally {
            if (temporary) {
                WorkDirs.delete(dir);
            }
        }
    }
}
