package dev.safeflow.model.tokenizer;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import dev.safeflow.model.Djl;
import dev.safeflow.model.ModelException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A model's tokenizer: {@code tokenizer.json} through DJL's Hugging Face tokenizers binding (native,
 * offline), special tokens and the chat template from {@code tokenizer_config.json}.
 */
public final class Tokenizer implements AutoCloseable {

    private final HuggingFaceTokenizer hf;
    private final TokenizerConfig config;
    private final ChatTemplate template;

    private Tokenizer(HuggingFaceTokenizer hf, TokenizerConfig config) {
        this.hf = hf;
        this.config = config;
        this.template = ChatTemplate.of(config.chatTemplate());
    }

    /** Loads {@code dir/tokenizer.json} and, when present, {@code dir/tokenizer_config.json}. */
    public static Tokenizer load(Path dir) {
        Path json = dir.resolve("tokenizer.json");
        if (!Files.isRegularFile(json)) {
            throw new ModelException("no tokenizer.json in " + dir + "; copy it from the model's Hugging Face"
                    + " repository");
        }
        Djl.offline();
        try {
            TokenizerConfig config = TokenizerConfig.read(dir.resolve("tokenizer_config.json"));
            HuggingFaceTokenizer hf = HuggingFaceTokenizer.newInstance(json,
                    Map.of("addSpecialTokens", "false", "padding", "false", "truncation", "false"));
            return new Tokenizer(hf, config);
        } catch (ModelException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new ModelException("cannot load tokenizer from " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Token ids of {@code text}; {@code addSpecialTokens} applies the tokenizer's post-processor (BOS). */
    public int[] encode(String text, boolean addSpecialTokens) {
        long[] ids = hf.encode(text, addSpecialTokens, false).getIds();
        int[] out = new int[ids.length];
        for (int i = 0; i < ids.length; i++) {
            out[i] = Math.toIntExact(ids[i]);
        }
        return out;
    }

    public String decode(int[] ids, boolean skipSpecialTokens) {
        long[] l = new long[ids.length];
        for (int i = 0; i < ids.length; i++) {
            l[i] = ids[i];
        }
        return hf.decode(l, skipSpecialTokens);
    }

    /**
     * The prompt ids of a conversation. A model's own template writes its special tokens itself, so
     * the text is encoded without adding any; the fallback template gets the tokenizer's usual BOS.
     */
    public int[] encodeChat(List<ChatMessage> messages, boolean addGenerationPrompt) {
        String text = template.render(messages, addGenerationPrompt, config.specialTokens());
        return encode(text, template.isFallback());
    }

    public ChatTemplate chatTemplate() {
        return template;
    }

    /** The id of a special token such as {@code eos_token}, or null if the tokenizer has none. */
    public Integer specialTokenId(String key) {
        String token = config.token(key);
        if (token == null) {
            return null;
        }
        int[] ids = encode(token, false);
        return ids.length == 1 ? ids[0] : null;
    }

    /** The special tokens a chat template sees (transformers' special_tokens_map). */
    public Map<String, Object> specialTokens() {
        return config.specialTokens();
    }

    @Override
    public void close() {
        hf.close();
    }
}
