package dev.safeflow.evaluator.judge;

import dev.safeflow.model.ModelRuntime;
import dev.safeflow.model.generate.GenerationConfig;
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

    private final ModelRuntime guard;
    private final int batchSize;
    private final Function<Exchange, String> prompt;

    /** A Llama Guard 3 judge; takes ownership of {@code guard} and closes it with the judge. */
    public GuardModelJudge(ModelRuntime guard, int batchSize) {
        this(guard, batchSize, GuardPrompt::render);
    }

    /** With another prompt format, for guard models trained on one (and for models too small for Llama Guard's). */
    public GuardModelJudge(ModelRuntime guard, int batchSize, Function<Exchange, String> prompt) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("guard-model batch size must be at least 1, got " + batchSize);
        }
        this.guard = guard;
        this.batchSize = batchSize;
        this.prompt = prompt;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Verdict judge(Exchange exchange) {
        return judgeAll(List.of(exchange)).get(0);
    }

    @Override
    public List<Verdict> judgeAll(List<Exchange> exchanges) {
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
