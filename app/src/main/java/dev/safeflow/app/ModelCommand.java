package dev.safeflow.app;

import dev.safeflow.model.ModelInfo;
import dev.safeflow.model.ModelRuntime;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "model", mixinStandardHelpOptions = true,
    description = "Inspect, check and convert local Hugging Face model directories.",
    subcommands = {ModelCommand.Info.class, ModelCommand.Forward.class, ModelCommand.Merge.class,
        ChatTemplateCommand.class})
final class ModelCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    @Command(name = "info", mixinStandardHelpOptions = true,
        description = "Architecture, parameter count, dtype, context length and whether a chat template is present.")
    static final class Info implements Callable<Integer> {
        @Option(names = "--model", required = true, paramLabel = "DIR", description = "HF model directory.")
        Path model;

        @Override
        public Integer call() {
            System.out.println(ModelInfo.describe(model).toText());
            return 0;
        }
    }

    @Command(name = "forward", mixinStandardHelpOptions = true,
        description = {"Writes the logits of the given token ids (no BOS added) as one F32 tensor 'logits',",
            "shape [tokens, vocab], to a safetensors file: compare a port against transformers with it."})
    static final class Forward implements Callable<Integer> {
        @Option(names = "--model", required = true, paramLabel = "DIR", description = "HF model directory.")
        Path model;

        @Option(names = "--adapter", paramLabel = "DIR", description = "PEFT adapter directory.")
        Path adapter;

        @Option(names = "--tokens", required = true, paramLabel = "IDS", description = "Comma-separated token ids, e.g. 1,5,9.")
        String tokens;

        @Option(names = "--output", required = true, paramLabel = "FILE.safetensors", description = "Where to write the logits.")
        Path output;

        @Override
        public Integer call() {
            int[] ids = ModelRuntime.parseTokens(tokens);
            try (ModelRuntime runtime = ModelRuntime.open(model, adapter)) {
                runtime.writeLogits(ids, output);
            }
            System.out.println("wrote logits [" + ids.length + ", vocab] to " + output);
            return 0;
        }
    }

    @Command(name = "merge", mixinStandardHelpOptions = true,
        description = "Merges a PEFT adapter into the base weights and writes a full HF model directory (F32).")
    static final class Merge implements Callable<Integer> {
        @Option(names = "--model", required = true, paramLabel = "DIR", description = "Base HF model directory.")
        Path model;

        @Option(names = "--adapter", required = true, paramLabel = "DIR", description = "PEFT adapter directory.")
        Path adapter;

        @Option(names = "--output", required = true, paramLabel = "DIR", description = "Directory for the merged model.")
        Path output;

        @Override
        public Integer call() {
            try (ModelRuntime runtime = ModelRuntime.open(model, adapter)) {
                runtime.mergeAndSave(output);
            }
            System.out.println("merged model written to " + output);
            return 0;
        }
    }
}
