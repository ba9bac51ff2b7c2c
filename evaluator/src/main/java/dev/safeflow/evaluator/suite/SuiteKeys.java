package dev.safeflow.evaluator.suite;

import dev.safeflow.schemas.config.ConfigKey;
import dev.safeflow.schemas.config.ConfigKey.Type;
import dev.safeflow.schemas.config.Settings;
import java.nio.file.Path;
import java.util.List;

/**
 * The keys every suite has under {@code evaluator.<suite>.}: its prompt file, how many prompts, and
 * greedy decoding's budget and batch size; plus {@link #CHAT}, which every suite shares.
 */
public record SuiteKeys(ConfigKey<String> prompts, ConfigKey<Integer> limit, ConfigKey<Integer> maxNewTokens,
        ConfigKey<Integer> batchSize) {

    public static final ConfigKey<Boolean> CHAT = ConfigKey.of("evaluator.chat", Type.BOOLEAN, true,
        "Send each prompt as one user turn through the model's chat template (false: raw text after BOS)");

    public static SuiteKeys of(String suite, String what, int maxNewTokens) {
        String p = "evaluator." + suite + ".";
        return new SuiteKeys(
            ConfigKey.of(p + "prompts", Type.STRING, "", "JSONL file of " + what + " for the " + suite + " suite"),
            ConfigKey.of(p + "limit", Type.INT, 0, "Evaluate only the first N prompts of the file; 0 for all")
                .validatedBy(n -> n >= 0, "0 or more"),
            ConfigKey.of(p + "max-new-tokens", Type.INT, maxNewTokens, "Greedy decoding budget per " + suite + " prompt")
                .validatedBy(n -> n >= 1, "at least 1"),
            ConfigKey.of(p + "batch-size", Type.INT, 8, "Prompts decoded together as one left-padded batch;"
                + " 1 decodes one at a time").validatedBy(n -> n >= 1, "at least 1"));
    }

    /** These four keys and {@link #CHAT}. */
    public List<ConfigKey<?>> all() {
        return List.of(prompts, limit, maxNewTokens, batchSize, CHAT);
    }

    /** The prompt file, or null when unset. */
    public Path promptFile(Settings s) {
        String f = s.get(prompts);
        return f.isBlank() ? null : Path.of(f);
    }

    /** The prompts of the file, up to the limit; an unset file is a user error naming the key. */
    public List<LabelledPrompt> read(Settings s) {
        Path file = promptFile(s);
        if (file == null) {
            throw new IllegalArgumentException(prompts.name() + " is not set; point it at the suite's JSONL prompt file");
        }
        return PromptFile.read(file, s.get(limit));
    }

    public Decoding decoding(Settings s) {
        return new Decoding(s.get(maxNewTokens), s.get(batchSize), s.get(CHAT));
    }
}
