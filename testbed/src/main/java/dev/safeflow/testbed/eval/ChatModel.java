package dev.safeflow.testbed.eval;

import dev.safeflow.model.generate.GenerationConfig;
import dev.safeflow.model.generate.Generator;
import dev.safeflow.model.nn.LlamaModel;
import dev.safeflow.model.tokenizer.ChatMessage;
import dev.safeflow.model.tokenizer.Tokenizer;
import java.util.ArrayList;
import java.util.List;

/**
 * A model with its tokenizer, answering single user turns greedily in batches: what every testbed
 * metric runs on. The model and tokenizer stay owned by the caller.
 */
public final class ChatModel {

    /** The protocol: greedy decoding, 32 new tokens. */
    public static final int MAX_NEW_TOKENS = 32;
    private static final int BATCH = 32;

    private final LlamaModel model;
    private final Tokenizer tokenizer;
    private final Generator generator;
    private final List<Integer> stops;

    public ChatModel(LlamaModel model, Tokenizer tokenizer) {
        this.model = model;
        this.tokenizer = tokenizer;
        Integer pad = tokenizer.specialTokenId("pad_token");
        this.generator = new Generator(model, pad == null ? 0 : pad);
        List<Integer> s = new ArrayList<>(model.config().eosTokenIds());
        Integer eos = tokenizer.specialTokenId("eos_token");
        if (eos != null && !s.contains(eos)) {
            s.add(eos);
        }
        this.stops = List.copyOf(s);
    }

    /** The prompt ids of one user turn, ending with the assistant cue. */
    public int[] promptIds(String prompt) {
        return tokenizer.encodeChat(List.of(ChatMessage.user(prompt)), true);
    }

    /** Greedy responses, decoded without special tokens, in prompt order. */
    public List<String> answer(List<String> prompts, int maxNewTokens) {
        List<String> out = new ArrayList<>(prompts.size());
        GenerationConfig g = GenerationConfig.greedy(maxNewTokens, stops);
        for (int i = 0; i < prompts.size(); i += BATCH) {
            List<int[]> ids = new ArrayList<>();
            for (String p : prompts.subList(i, Math.min(prompts.size(), i + BATCH))) {
                ids.add(promptIds(p));
            }
            for (int[] r : generator.generate(ids, g)) {
                out.add(tokenizer.decode(r, true).strip());
            }
        }
        return out;
    }

    public LlamaModel model() {
        return model;
    }

    public Tokenizer tokenizer() {
        return tokenizer;
    }
}
