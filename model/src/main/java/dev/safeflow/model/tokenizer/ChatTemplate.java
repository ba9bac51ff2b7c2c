package dev.safeflow.model.tokenizer;

import dev.safeflow.model.ModelException;
import dev.safeflow.model.template.JinjaTemplate;
import dev.safeflow.model.template.TemplateException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A Hugging Face chat template (Jinja, from {@code tokenizer_config.json}), rendered as transformers'
 * {@code apply_chat_template} renders it (see {@link JinjaTemplate}), so training sees the same prompt
 * text the model is served with. Models without a template get {@link #FALLBACK}.
 */
public final class ChatTemplate {

    /** Used when a model ships no template: plain "role: content" lines, then the assistant cue. */
    public static final String FALLBACK = "{% for message in messages %}{{ message['role'] }}: "
            + "{{ message['content'] }}\n{% endfor %}{% if add_generation_prompt %}assistant:{% endif %}";

    private final String source;
    private final boolean builtIn;
    private final Clock clock;
    private JinjaTemplate compiled;

    private ChatTemplate(String source, boolean builtIn, Clock clock) {
        this.source = source;
        this.builtIn = builtIn;
        this.clock = clock;
    }

    /** The model's template, or the fallback when {@code source} is null or blank. */
    public static ChatTemplate of(String source) {
        return of(source, Clock.systemDefaultZone());
    }

    /**
     * As {@link #of(String)}, with the clock {@code strftime_now} reads (Llama 3's template writes today's date
     * into the system turn), so a rendering can be reproduced.
     */
    public static ChatTemplate of(String source, Clock clock) {
        return source == null || source.isBlank() ? new ChatTemplate(FALLBACK, true, clock)
                : new ChatTemplate(source, false, clock);
    }

    /** Whether this is {@link #FALLBACK} rather than the model's own template. */
    public boolean isFallback() {
        return builtIn;
    }

    /** The template text. */
    public String source() {
        return source;
    }

    /**
     * Renders a conversation of plain role/content turns.
     *
     * @param specialTokens bos_token, eos_token, ... as the template refers to them
     */
    public String render(List<ChatMessage> messages, boolean addGenerationPrompt, Map<String, ?> specialTokens) {
        List<Map<String, Object>> maps = new ArrayList<>();
        messages.forEach(m -> maps.add(m.asMap()));
        return render(maps, null, addGenerationPrompt, specialTokens);
    }

    /**
     * Renders messages as JSON-shaped maps (tool_calls, reasoning_content, ... pass through), with
     * {@code tools} (null for none) and {@code variables}: the special tokens and any extra template
     * arguments such as {@code enable_thinking}, as {@code apply_chat_template(**kwargs)} passes them.
     */
    public String render(List<? extends Map<String, ?>> messages, List<?> tools, boolean addGenerationPrompt,
            Map<String, ?> variables) {
        Map<String, Object> ctx = new HashMap<>(variables);
        ctx.put("messages", messages);
        ctx.put("tools", tools);
        ctx.put("documents", null);
        ctx.put("add_generation_prompt", addGenerationPrompt);
        try {
            return compiled().render(ctx);
        } catch (TemplateException.Raised e) {
            throw new ModelException("chat template rejected the conversation: " + e.getMessage());
        } catch (TemplateException e) {
            throw new ModelException("chat template failed: " + e.getMessage()
                    + "; fix chat_template in tokenizer_config.json or remove it to use the built-in one");
        }
    }

    private synchronized JinjaTemplate compiled() {
        if (compiled == null) {
            compiled = JinjaTemplate.compile(source, clock);
        }
        return compiled;
    }
}
