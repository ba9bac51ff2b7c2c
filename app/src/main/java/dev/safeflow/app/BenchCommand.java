package dev.safeflow.app;

import dev.safeflow.model.ModelShapes;
import dev.safeflow.model.bench.ModelBench;
import dev.safeflow.trainer.bench.ShapeBench;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Benchmarks that print figures (never pass/fail).",
    subcommands = {BenchCommand.Model.class, BenchCommand.Step.class, BenchSafetyCommand.Safety.class, BenchSafetyCommand.Sweep.class,
        BenchPipelineCommand.class, BenchIngestCommand.class, BenchAuditorCommand.class})
final class BenchCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    @Command(name = "model", mixinStandardHelpOptions = true,
        description = {"Times the trainer's SFT and SAP steps (reference, direction-every 4, probe-every 4) on random",
            "weights at a published model shape, with tokens/s, peak resident memory and model-FLOPs utilisation",
            "against the float32 GEMM rate libtorch reaches in the same run. smollm2-135m takes a few minutes on",
            "2 cores; qwen2.5-0.5b needs about 8 GB and llama-3.2-1b about 16 GB of memory."})
    static final class Model implements Callable<Integer> {
        @Option(names = "--shape", defaultValue = "smollm2-135m", paramLabel = "NAME",
            description = "smollm2-135m, qwen2.5-0.5b or llama-3.2-1b (default: ${DEFAULT-VALUE}).")
        String shape;

        @Option(names = "--batch", defaultValue = "4", description = "Sequences per step (default: ${DEFAULT-VALUE}).")
        int batch;

        @Option(names = "--seq-len", defaultValue = "256", description = "Tokens per sequence (default: ${DEFAULT-VALUE}).")
        int seqLen;

        @Option(names = "--steps", defaultValue = "4",
            description = "Timed steps per method, averaged; a multiple of 4 covers direction-every 4 evenly (default: ${DEFAULT-VALUE}).")
        int steps;

        @Option(names = "--warmup", defaultValue = "1",
            description = "Untimed steps per method first, at least (0: none); more follow, at least two in all, while each is over 3 percent faster than "
                + "the one before, up to 8 (default: ${DEFAULT-VALUE}).")
        int warmup;

        @Option(names = "--sap", defaultValue = "reference,every4,every4-float64,every4-auto,every4-probe4", split = ",",
            paramLabel = "ROWS",
            description = {"SAP rows to time after SFT (which always runs: every ratio is against it): reference, every4",
                "(direction-every 4), every4-float64, every4-auto (its probe precisions), every4-probe4 (direction-every 4",
                "and probe-every 4), or none (default: all)."})
        List<String> sap;

        @Mixin
        TorchThreads threads;

        @Override
        public Integer call() {
            ModelShapes.published(shape); // an unknown name fails here, before minutes of work
            if (batch < 2 || seqLen < 2 || steps < 1 || warmup < 0) {
                throw new UserErrors.UserException("--batch and --seq-len must be at least 2, --steps at least 1, "
                    + "--warmup at least 0");
            }
            threads.apply();
            List<String> rows = sap.equals(List.of("none")) ? List.of() : sap;
            ShapeBench.Config config;
            try {
                config = new ShapeBench.Config(shape, batch, seqLen, warmup, steps, rows);
            } catch (IllegalArgumentException e) {
                throw new UserErrors.UserException("--sap: " + e.getMessage());
            }
            ShapeBench.Result r = ShapeBench.run(config, System.err);
            System.out.print(r.toText());
            return 0;
        }
    }

    @Command(name = "step", mixinStandardHelpOptions = true,
        description = {"Times forward + backward of one LoRA step (r 8 on q_proj and v_proj) on a small random model:",
            "hidden 256, 4 layers, 4 heads, intermediate 512, vocab 1,024, about 2.9M parameters. The median step",
            "in tokens/s. model/scripts/bench_model.py runs this command beside the same step in PyTorch eager and",
            "prints their ratio."})
    static final class Step implements Callable<Integer> {
        @Option(names = "--batch", defaultValue = "8", description = "Sequences per step (default: ${DEFAULT-VALUE}).")
        int batch;

        @Option(names = "--seq-len", defaultValue = "128", description = "Tokens per sequence (default: ${DEFAULT-VALUE}).")
        int seqLen;

        @Option(names = "--steps", defaultValue = "10", description = "Timed steps; the median is reported (default: ${DEFAULT-VALUE}).")
        int steps;

        @Option(names = "--warmup", defaultValue = "3", description = "Untimed steps first (default: ${DEFAULT-VALUE}).")
        int warmup;

        @Mixin
        TorchThreads threads;

        @Override
        public Integer call() {
            if (batch < 1 || seqLen < 2 || steps < 1 || warmup < 0) {
                throw new UserErrors.UserException("--batch must be at least 1, --seq-len at least 2, --steps at least 1, "
                    + "--warmup at least 0");
            }
            threads.apply();
            ModelBench.Config s = ModelBench.Config.small();
            System.err.printf("bench step: %d warm-up and %d timed steps at batch %d x %d ...%n", warmup, steps, batch, seqLen);
            System.out.println(ModelBench.run(new ModelBench.Config(s.hidden(), s.layers(), s.heads(), s.kvHeads(),
                s.intermediate(), s.vocab(), batch, seqLen, warmup, steps, s.loraRank())).toText());
            return 0;
        }
    }
}
