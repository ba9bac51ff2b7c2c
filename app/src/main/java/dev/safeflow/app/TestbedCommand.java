package dev.safeflow.app;

import dev.safeflow.testbed.pretrain.Organism;
import dev.safeflow.testbed.pretrain.PretrainConfig;
import dev.safeflow.testbed.world.World;
import dev.safeflow.testbed.world.WorldConfig;
import dev.safeflow.testbed.world.WorldWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "testbed", mixinStandardHelpOptions = true,
    description = "The synthetic safety world and the bundled model organism (docs/testbed.md).",
    subcommands = {TestbedCommand.Generate.class, TestbedCommand.Pretrain.class})
final class TestbedCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    @Command(name = "generate", mixinStandardHelpOptions = true,
        description = {"Writes the synthetic world as JSONL (messages and contrastive triples), its word-level",
            "tokenizer and manifest.json with sha256 sums. The same seed gives identical bytes."})
    static final class Generate implements Callable<Integer> {
        @Option(names = "--out", required = true, description = "Directory to write the world into.")
        Path out;

        @Option(names = "--seed", defaultValue = "" + WorldConfig.DEFAULT_SEED, description = "World seed (default: ${DEFAULT-VALUE}).")
        long seed;

        @Override
        public Integer call() {
            List<String> files = WorldWriter.write(new World(WorldConfig.defaults(seed)), out);
            System.out.println("wrote " + files.size() + " files and " + WorldWriter.MANIFEST + " to " + out
                + " (seed " + seed + "; all records are synthetic)");
            return 0;
        }
    }

    @Command(name = "pretrain", mixinStandardHelpOptions = true,
        description = {"Trains the model organism from scratch (full-parameter) on the world's instructions,",
            "sentiment and refusal alignment, measures it and writes a Hugging Face directory with a model card."})
    static final class Pretrain implements Callable<Integer> {
        @Option(names = "--out", defaultValue = "models/safeflow-organism-v1", description = "Model directory (default: ${DEFAULT-VALUE}).")
        Path out;

        @Option(names = "--seed", defaultValue = "" + WorldConfig.DEFAULT_SEED, description = "World and training seed (default: ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--steps", description = "Optimizer steps (default: the shipped recipe's).")
        Integer steps;

        @Override
        public Integer call() {
            PretrainConfig c = PretrainConfig.defaults(seed);
            if (steps != null) {
                if (steps < 1) {
                    throw new IllegalArgumentException("--steps must be at least 1, got " + steps);
                }
                c = c.withSteps(steps);
            }
            Organism.pretrain(new World(WorldConfig.defaults(seed)), c, out, System.out::println);
            System.out.println("wrote the model organism to " + out);
            return 0;
        }
    }
}
