package dev.safeflow.model.tokenizer;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.interpret.RenderResult;
import com.hubspot.jinjava.interpret.TemplateError;
import com.hubspot.jinjava.lib.fn.ELFunctionDefinition;
import dev.safeflow.model.ModelException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A Hugging Face chat template (Jinja, from {@code tokenizer_config.json}) rendered with jinjava.
 *
 * <p>HF templates are written for Python's Jinja2; the one Python-ism they commonly use that jinjava
 * lacks, {@code .strip()}, is rewritten to the {@code trim} filter, and {@code raise_exception} is
 * provided. Models without a template get {@link #FALLBACK}.
 */
public final class ChatTemplate {

    /** Used when a model ships no template: plain "role: content" lines, then the assistant cue. */
    public static final String FALLBACK = "{% for message in messages %}{{ message['role'] }}: "
            + "{{ message['content'] }}\n{% endfor %}{% if add_generation_prompt %}assistant:{% endif %}";

    private final String source;
    private final boolean builtIn;
    private final Jinjava jinja;

    private ChatTemplate(String source, boolean builtIn) {
        this.source = source.replace(".strip()", "|trim");
        this.builtIn = builtIn;
        this.jinja = new Jinjava(JinjavaConfig.newBuilder().withTrimBlocks(false).withLstripBlocks(false).build());
        jinja.getGlobalContext().registerFunction(new ELFunctionDefinition("", "raise_exception",
                ChatTemplate.class, "raiseException", String.class));
    }

    /** The model's template, or the fallback when {@code source} is null or blank. */
    public static ChatTemplate of(String source) {
        return source == null || source.isBlank() ? new ChatTemplate(FALLBACK, true) : new ChatTemplate(source, false);
    }

    /** Whether this is {@link #FALLBACK} rather than the model's own template. */
    public boolean isFallback() {
        return builtIn;
    }

    /**
     * Renders a conversation.
     *
     * @param specialTokens bos_token, eos_token, ... as the template refers to them
     */
    public String render(List<ChatMessage> messages, boolean addGenerationPrompt, Map<String, String> specialTokens) {
        Map<String, Object> ctx = new HashMap<>(specialTokens);
        ctx.put("messages", messages.stream().map(ChatMessage::asMap).collect(Collectors.toList()));
        ctx.put("add_generation_prompt", addGenerationPrompt);
        RenderResult r = jinja.renderForResult(source, ctx);
        List<TemplateError> fatal = r.getErrors().stream()
                .filter(e -> e.getSeverity() == TemplateError.ErrorType.FATAL).collect(Collectors.toList());
        if (!fatal.isEmpty()) {
            for (Throwable c = fatal.get(0).getException(); c != null; c = c.getCause()) {
                if (c instanceof ModelException m) {
                    throw m; // the template's own raise_exception message says it best
                }
            }
            throw new ModelException("chat template failed: " + fatal.get(0).getMessage()
                    + "; fix chat_template in tokenizer_config.json or remove it to use the built-in one");
        }
        return r.getOutput();
    }

    /** Called by templates as {@code raise_exception('...')}. */
    public static String raiseException(String message) {
        throw new ModelException("chat template rejected the conversation: " + message);
    }
}
