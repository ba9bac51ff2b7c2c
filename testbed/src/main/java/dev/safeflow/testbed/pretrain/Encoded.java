package dev.safeflow.testbed.pretrain;

import dev.safeflow.testbed.eval.ChatModel;
import dev.safeflow.testbed.world.Example;
import dev.safeflow.model.tokenizer.Tokenizer;

/**
 * One training sequence: the chat-rendered prompt (bos, user marker, text, assistant cue) followed by
 * the response and eos. Only response tokens (and eos) are trained on.
 *
 * @param promptLength ids[0, promptLength) are the prompt
 */
public record Encoded(int[] ids, int promptLength) {

    public static Encoded of(Example e, ChatModel chat, Tokenizer tok, int eos) {
        int[] prompt = chat.promptIds(e.prompt());
        int[] response = tok.encode(e.response(), false);
        int[] ids = new int[prompt.length + response.length + 1];
        System.arraycopy(prompt, 0, ids, 0, prompt.length);
        System.arraycopy(response, 0, ids, prompt.length, response.length);
        ids[ids.length - 1] = eos;
        return new Encoded(ids, prompt.length);
    }
}
