package dev.safeflow.testbed.tokenizer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A word-level tokenizer for the testbed, written in Hugging Face {@code tokenizer.json} form
 * (Lowercase normalizer, Whitespace pre-tokenizer, WordLevel model, BOS post-processor) with a
 * chat template in {@code tokenizer_config.json}, so any HF-compatible runtime loads it.
 *
 * <p>The vocabulary is every word of the world's text, most frequent first, ties alphabetical: a
 * pure function of the text, whatever order it arrived in.
 */
public final class WordTokenizer {

    /** Special tokens, at ids 0..6 in this order. */
    public static final List<String> SPECIAL = List.of("<pad>", "<bos>", "<eos>", "<unk>", "<|system|>",
            "<|user|>", "<|assistant|>");
    /** The same split as HF's Whitespace pre-tokenizer: {@code \w+|[^\w\s]+}. */
    private static final Pattern WORD = Pattern.compile("\\w+|[^\\w\\s]+");
    /** bos, then each turn as a role marker and its text; assistant turns end with eos. */
    public static final String CHAT_TEMPLATE = "{{ bos_token }}{% for message in messages %}<|{{ message['role'] }}|> "
            + "{{ message['content'] }} {% if message['role'] == 'assistant' %}{{ eos_token }}{% endif %}"
            + "{% endfor %}{% if add_generation_prompt %}<|assistant|>{% endif %}";

    private final List<String> vocab;

    private WordTokenizer(List<String> vocab) {
        this.vocab = List.copyOf(vocab);
    }

    /** Words as the HF pipeline sees them (lowercased, then split). */
    public static List<String> words(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = WORD.matcher(text.toLowerCase(Locale.ROOT));
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }

    public static WordTokenizer build(Iterable<String> texts) {
        Map<String, Integer> counts = new TreeMap<>();
        for (String t : texts) {
            for (String w : words(t)) {
                counts.merge(w, 1, Integer::sum);
            }
        }
        List<Map.Entry<String, Integer>> entries = new ArrayList<>(counts.entrySet());
        entries.sort((a, b) -> b.getValue().equals(a.getValue()) ? a.getKey().compareTo(b.getKey())
                : Integer.compare(b.getValue(), a.getValue()));
        List<String> vocab = new ArrayList<>(SPECIAL);
        entries.forEach(e -> vocab.add(e.getKey()));
        return new WordTokenizer(vocab);
    }

    public List<String> vocab() {
        return vocab;
    }

    public int size() {
        return vocab.size();
    }

    /** Writes {@code tokenizer.json} and {@code tokenizer_config.json} into {@code dir}. */
    public void write(Path dir) {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = json.createObjectNode();
        root.put("version", "1.0");
        root.putNull("truncation");
        root.putNull("padding");
        ArrayNode added = root.putArray("added_tokens");
        for (int i = 0; i < SPECIAL.size(); i++) {
            added.addObject().put("id", i).put("content", SPECIAL.get(i)).put("single_word", false)
                    .put("lstrip", false).put("rstrip", false).put("normalized", false).put("special", true);
        }
        root.putObject("normalizer").put("type", "Lowercase");
        root.putObject("pre_tokenizer").put("type", "Whitespace");
        ObjectNode post = root.putObject("post_processor");
        post.put("type", "TemplateProcessing");
        post.putArray("single").add(special("<bos>")).add(sequence("A"));
        post.putArray("pair").add(special("<bos>")).add(sequence("A")).add(sequence("B"));
        ObjectNode bos = post.putObject("special_tokens").putObject("<bos>");
        bos.put("id", "<bos>");
        bos.putArray("ids").add(1);
        bos.putArray("tokens").add("<bos>");
        root.putNull("decoder");
        ObjectNode model = root.putObject("model");
        model.put("type", "WordLevel");
        ObjectNode v = model.putObject("vocab");
        for (int i = 0; i < vocab.size(); i++) {
            v.put(vocab.get(i), i);
        }
        model.put("unk_token", "<unk>");

        ObjectNode config = json.createObjectNode();
        config.put("tokenizer_class", "PreTrainedTokenizerFast");
        config.put("bos_token", "<bos>").put("eos_token", "<eos>").put("pad_token", "<pad>").put("unk_token", "<unk>");
        config.put("model_max_length", 256).put("clean_up_tokenization_spaces", false);
        config.put("chat_template", CHAT_TEMPLATE);
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("tokenizer.json"), json.writeValueAsString(root) + "\n");
            Files.writeString(dir.resolve("tokenizer_config.json"), json.writeValueAsString(config) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the tokenizer to " + dir, e);
        }
    }

    private static ObjectNode special(String id) {
        ObjectNode n = new ObjectMapper().createObjectNode();
        n.putObject("SpecialToken").put("id", id).put("type_id", 0);
        return n;
    }

    private static ObjectNode sequence(String id) {
        ObjectNode n = new ObjectMapper().createObjectNode();
        n.putObject("Sequence").put("id", id).put("type_id", 0);
        return n;
    }
}
