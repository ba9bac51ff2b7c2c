package dev.safeflow.app;

import dev.safeflow.model.ModelRuntime;
import dev.safeflow.model.generate.GenerationConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "generate", mixinStandardHelpOptions = true,
    description = {"Generates a response from a local Hugging Face model directory (Llama, Mistral, Qwen2),",
        "optionally with a PEFT LoRA adapter. Greedy unless --temperature is above 0."})
final class GenerateCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "DIR", description = "HF model directory (config.json, *.safetensors, tokenizer.json).")
    Path model;

    @Option(names = "--adapter", paramLabel = "DIR", description = "PEFT adapter directory (adapter_config.json, adapter_model.safetensors).")
    Path adapter;

    @Option(names = "--prompt", required = true, paramLabel = "TEXT", description = "The prompt.")
    String prompt;

    @Option(names = "--chat", description = "Wrap the prompt as a user turn with the model's chat template.")
    boolean chat;

    @Option(names = "--max-new-tokens", defaultValue = "128", description = "Tokens to generate at most (default: ${DEFAULT-VALUE}).")
    int maxNewTokens;

    @Option(names = "--temperature", defaultValue = "0", description = "0 for greedy decoding (default: ${DEFAULT-VALUE}).")
    float temperature;

    @Option(names = "--top-p", defaultValue = "1.0", description = "Nucleus sampling mass when sampling (default: ${DEFAULT-VALUE}).")
    float topP;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of the sampler; same seed, same text (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() {
        GenerationConfig config = temperature <= 0
            ? GenerationConfig.greedy(maxNewTokens, List.of())
            : new GenerationConfig(maxNewTokens, temperature, topP, seed, List.of());
        try (ModelRuntime runtime = ModelRuntime.open(model, adapter)) {
            System.out.println(runtime.generate(prompt, chat, config));
        }
        return 0;
    }
}
