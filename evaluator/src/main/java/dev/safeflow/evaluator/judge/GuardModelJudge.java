package dev.safeflow.evaluator.judge;

import dev.safeflow.evaluator.plugin.Registry;
import dev.safeflow.model.ModelException;
import dev.safeflow.model.ModelRuntime;
import dev.safeflow.model.generate.GenerationConfig;
import dev.safeflow.schemas.config.ConfigKey;
import dev.safeflow.schemas.config.ConfigKey.Type;
import dev.safeflow.schemas.config.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A local Llama Guard 3 style classifier run by {@code model/}: renders {@link GuardPrompt}, decodes
 * greedily a few tokens (the answer is at most two short lines) and parses them with {@link GuardOutput}.
 */
public final class GuardModelJudge implements Judge {

    public static final String NAME = "guard-model";
    /** "unsafe\nS1,S10" is under ten tokens in Llama 3's vocabulary; a little slack for spacing. */
    static final int ANSWER_TOKENS = 16;

    public static final ConfigKey<String> MODEL = ConfigKey.of("evaluator.judge.guard-model", Type.STRING, "",
        "Directory of a Llama Guard 3 style model for the guard-model judge");
    public static final ConfigKey<Integer> BATCH = ConfigKey.of("evaluator.judge.batch-size", Type.INT, 8,
        "Responses the guard model classifies per batch").validatedBy(n -> n >= 1, "at least 1");

    public static final Registry.Entry<JudgeFactory> ENTRY = new Registry.Entry<>(NAME, List.of(MODEL, BATCH),
        GuardModelJudge::fromSettings);

    private final ModelRuntime guard;
    private final int batchSize;
    private final Function<PromptResponse, String> prompt;

    /** A Llama Guard 3 judge; takes ownership of {@code guard} and closes it with the judge. */
    public GuardModelJudge(ModelRuntime guard, int batchSize) {
        this(guard, batchSize, GuardPrompt::render);
    }

    /** With another prompt format, for guard models trained on one (and for models too small for Llama Guard's). */
    public GuardModelJudge(ModelRuntime guard, int batchSize, Function<PromptResponse, String> prompt) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("guard-model batch size must be at least 1, got " + batchSize);
        }
        this.guard = guard;
        this.batchSize = batchSize;
        this.prompt = prompt;
    }

    /** The judge {@link #MODEL} names; a missing or unloadable directory is a user error naming the key. */
    static GuardModelJudge fromSettings(Settings s) {
        Path dir = s.get(MODEL).isBlank() ? null : Path.of(s.get(MODEL));
        if (dir == null || !Files.isDirectory(dir)) {
            throw new IllegalArgumentException("the guard-model judge needs a model directory, got '" + dir + "'; set "
                + MODEL.name() + " to a Llama Guard 3 style model directory");
        }
        try {
            return new GuardModelJudge(ModelRuntime.open(dir, null), s.get(BATCH));
        } catch (ModelException e) {
            throw new IllegalArgumentException("cannot load the guard model in " + dir + " (" + e.getMessage()
                + "); point " + MODEL.name() + " at a Llama Guard 3 style model directory", e);
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Verdict judge(PromptResponse exchange) {
        return judgeAll(List.of(exchange)).get(0);
    }

    @Override
    public List<Verdict> judgeAll(List<PromptResponse> exchanges) {
        List<Verdict> out = new ArrayList<>(exchanges.size());
        GenerationConfig greedy = GenerationConfig.greedy(ANSWER_TOKENS, List.of());
        for (int from = 0; from < exchanges.size(); from += batchSize) {
            List<String> prompts = exchanges.subList(from, Math.min(from + batchSize, exchanges.size())).stream()
                .map(prompt).toList();
            for (String answer : guard.generate(prompts, false, greedy)) {
                out.add(GuardOutput.parse(answer));
            }
        }
        return out;
    }

    @Override
    public void close() {
        guard.close();
    }
}
