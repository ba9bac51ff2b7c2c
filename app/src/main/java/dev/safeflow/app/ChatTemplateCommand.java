package dev.safeflow.app;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.safeflow.model.tokenizer.ChatMessage;
import dev.safeflow.model.tokenizer.Tokenizer;
import dev.safeflow.trainer.TrainerConfig;
import dev.safeflow.trainer.data.ChatEncoder;
import dev.safeflow.trainer.data.Example;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code safeflow model chat-template}: what the model's template renders, and which tokens the trainer trains. */
@Command(name = "chat-template", mixinStandardHelpOptions = true,
    description = {"Renders a conversation with the model's chat template as transformers' apply_chat_template does,",
        "and with --ids shows its token ids and which of them the trainer trains (the final assistant turn).",
        "FILE is a JSON array of messages ({\"role\", \"content\", ...}) or an object {\"messages\": [...],",
        "\"tools\": [...], ...} whose other keys are template variables (e.g. \"enable_thinking\": false)."})
final class ChatTemplateCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = "--model", required = true, paramLabel = "DIR",
        description = "HF model directory (tokenizer.json, tokenizer_config.json).")
    Path model;

    @Option(names = "--messages", required = true, paramLabel = "FILE", description = "The conversation (JSON).")
    Path messages;

    @Option(names = "--add-generation-prompt", description = "Append the assistant cue, as for generation.")
    boolean addGenerationPrompt;

    @Option(names = "--ids", description = "Print token ids and the trainer's prompt/response mask instead of text.")
    boolean ids;

    @Option(names = "--max-length", paramLabel = "N",
        description = "With --ids, truncate as the trainer does (default: trainer.batch.max-length's default).")
    Integer maxLength;

    @Override
    public Integer call() {
        Conversation c = read(messages);
        if (maxLength == null) {
            maxLength = TrainerConfig.MAX_LENGTH.defaultValue();
        }
        try (Tokenizer tokenizer = Tokenizer.load(model)) {
            if (!ids) {
                Map<String, Object> vars = new HashMap<>(tokenizer.specialTokens());
                vars.putAll(c.variables());
                System.out.println(tokenizer.chatTemplate().render(c.messages(), c.tools(), addGenerationPrompt, vars));
                return 0;
            }
            printIds(tokenizer, c, System.out);
        }
        return 0;
    }

    /** The ids through the trainer's own ChatEncoder: the prompt is masked, the final assistant turn trained. */
    private void printIds(Tokenizer tokenizer, Conversation c, PrintStream out) {
        List<ChatMessage> turns = new ArrayList<>();
        for (Map<String, Object> m : c.messages()) {
            turns.add(new ChatMessage(String.valueOf(m.get("role")), m.get("content") == null ? "" : String.valueOf(m.get("content"))));
            if (m.keySet().stream().anyMatch(k -> !k.equals("role") && !k.equals("content"))) {
                out.println("note: the trainer sees role and content only; " + m.keySet() + " of a "
                    + m.get("role") + " turn beyond those are not trained");
            }
        }
        if (c.tools() != null || !c.variables().isEmpty()) {
            out.println("note: the trainer renders without tools or template variables");
        }
        Example example = null;
        if (!turns.isEmpty() && turns.get(turns.size() - 1).role().equals("assistant")) {
            ChatMessage last = turns.remove(turns.size() - 1);
            example = new ChatEncoder(tokenizer, maxLength).encode(turns, last.content());
        }
        int[] tokenIds = example != null ? example.ids() : tokenizer.encodeChat(turns, addGenerationPrompt);
        int trainedFrom = example == null ? tokenIds.length : Math.max(example.promptLength(), 1);
        out.printf("%5s %8s %-5s %s%n", "pos", "id", "train", "token");
        for (int i = 0; i < tokenIds.length; i++) {
            out.printf("%5d %8d %-5s %s%n", i, tokenIds[i], i >= trainedFrom ? "yes" : "-",
                quote(tokenizer.decode(new int[] {tokenIds[i]}, false)));
        }
        out.println(example == null
            ? tokenIds.length + " tokens; no final assistant turn, so the trainer skips this conversation"
            : tokenIds.length + " tokens: " + trainedFrom + " prompt (masked), " + (tokenIds.length - trainedFrom)
                + " trained (the final assistant turn" + (example.ids().length == maxLength ? ", truncated to --max-length)" : ")"));
    }

    private static String quote(String token) {
        StringBuilder b = new StringBuilder("'");
        for (char ch : token.toCharArray()) {
            b.append(ch == '\n' ? "\\n" : ch == '\t' ? "\\t" : ch == '\r' ? "\\r" : ch == '\'' ? "\\'" : String.valueOf(ch));
        }
        return b.append('\'').toString();
    }

    /** The file's messages, its tools (null when it names none, as transformers passes them) and other keys. */
    record Conversation(List<Map<String, Object>> messages, List<Object> tools, Map<String, Object> variables) {}

    static Conversation read(Path file) {
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UserErrors.UserException("cannot read " + file + " as JSON (" + e.getMessage().split("\n")[0]
                + "); give a JSON array of {\"role\", \"content\"} messages");
        }
        JsonNode list = root != null && root.isObject() ? root.get("messages") : root;
        if (list == null || !list.isArray() || list.isEmpty() || !allObjects(list)) {
            throw new UserErrors.UserException(file + " holds no messages; give a JSON array of {\"role\": \"user\","
                + " \"content\": \"...\"} objects, or an object with such a \"messages\" array");
        }
        List<Map<String, Object>> messages = JSON.convertValue(list, new TypeReference<>() {});
        List<Object> tools = root.isObject() && root.has("tools") ? new ArrayList<>() : null;
        Map<String, Object> vars = new HashMap<>();
        if (root.isObject()) {
            root.fields().forEachRemaining(e -> {
                if (e.getKey().equals("tools")) {
                    tools.addAll(JSON.convertValue(e.getValue(), new TypeReference<List<Object>>() {}));
                } else if (!e.getKey().equals("messages")) {
                    vars.put(e.getKey(), JSON.convertValue(e.getValue(), Object.class));
                }
            });
        }
        return new Conversation(messages, tools, vars);
    }

    private static boolean allObjects(JsonNode list) {
        for (JsonNode m : list) {
            if (!m.isObject() || !m.has("role")) {
                return false;
            }
        }
        return true;
    }
}
