package dev.safeflow.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.safeflow.model.tokenizer.ChatMessage;
import dev.safeflow.model.tokenizer.ChatTemplate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Real models' templates, written for Python's Jinja2, render the same under jinjava. */
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
}
