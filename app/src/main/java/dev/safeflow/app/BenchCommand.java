package dev.safeflow.app;

import dev.safeflow.model.Djl;
import dev.safeflow.model.bench.ModelBench;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Benchmarks that print figures (never pass/fail).",
    subcommands = {BenchCommand.Model.class, BenchSafetyCommand.Safety.class, BenchSafetyCommand.Sweep.class})
final class BenchCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    @Command(name = "model", mixinStandardHelpOptions = true,
        description = {"LoRA forward+backward tokens/s of a ~3M-parameter Llama config at batch 8 x 128 on this machine.",
            "model/scripts/bench_model.py runs it next to the same step in PyTorch eager and prints the ratio."})
    static final class Model implements Callable<Integer> {
        @Option(names = "--threads", defaultValue = "1", description = "Intra-op threads of libtorch (default: ${DEFAULT-VALUE}).")
        int threads;

        @Override
        public Integer call() {
            Djl.setThreads(threads);
            System.out.println(ModelBench.run(ModelBench.Config.small()).toText());
            return 0;
        }
    }
}
