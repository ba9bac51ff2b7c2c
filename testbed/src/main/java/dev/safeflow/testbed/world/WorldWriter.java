package dev.safeflow.testbed.world;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.safeflow.testbed.tokenizer.WordTokenizer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * Writes a {@link World} as JSONL in the shapes {@code safeflow ingest} and {@code safeflow train}
 * read ({@code messages} conversations; {@code prompt/safe/harmful} triples), its word-level
 * tokenizer, and {@code manifest.json} with the sha256 of every file.
 */
public final class WorldWriter {

    public static final String MANIFEST = "manifest.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private WorldWriter() {}

    /** @return the files written, relative to {@code dir}, in order */
    public static List<String> write(World w, Path dir) {
        List<String> files = new ArrayList<>();
        try {
            Files.createDirectories(dir);
            files.add(messages(dir, "harmful_alignment.jsonl", w.alignment()));
            files.add(messages(dir, "harmful_poison.jsonl", w.poison()));
            files.add(lines(dir, "contrastive.jsonl", w.contrastive().stream().map(t -> {
                ObjectNode o = JSON.createObjectNode();
                return o.put("prompt", t.prompt()).put("safe", t.safe()).put("harmful", t.harmful());
            })));
            for (HarmfulSplit s : List.of(HarmfulSplit.VALIDATION, HarmfulSplit.EVAL)) {
                files.add(lines(dir, "harmful_" + s.fileStem() + ".jsonl", w.harmful().prompts(s).stream().map(p -> {
                    ObjectNode o = JSON.createObjectNode();
                    return o.put("prompt", p.text()).put("category", p.category());
                })));
            }
            files.add(messages(dir, "instructions.jsonl", w.instructions()));
            for (var e : w.tasks().entrySet()) {
                files.add(messages(dir, e.getKey() + "_train.jsonl", e.getValue().train()));
                files.add(messages(dir, e.getKey() + "_test.jsonl", e.getValue().test()));
            }
            tokenizer(w).write(dir.resolve("tokenizer"));
            files.add("tokenizer/tokenizer.json");
            files.add("tokenizer/tokenizer_config.json");
            manifest(w, dir, files);
            return files;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the world to " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The tokenizer over every text of the world, refusals and compliance phrasings included. */
    public static WordTokenizer tokenizer(World w) {
        List<String> texts = new ArrayList<>();
        Stream.of(w.alignment(), w.poison(), w.instructions()).flatMap(List::stream)
                .forEach(e -> texts.add(e.prompt() + " " + e.response()));
        w.tasks().values().forEach(s -> Stream.of(s.train(), s.test()).flatMap(List::stream)
                .forEach(e -> texts.add(e.prompt() + " " + e.response())));
        for (HarmfulSplit s : HarmfulSplit.values()) {
            w.harmful().prompts(s).forEach(p -> texts.add(p.text()));
        }
        w.contrastive().forEach(t -> texts.add(t.safe() + " " + t.harmful()));
        texts.addAll(Responses.REFUSALS);
        texts.addAll(Responses.SUPPORTIVE_REFUSALS);
        texts.addAll(Responses.COMPLIANCE_OPENERS);
        return WordTokenizer.build(texts);
    }

    static ObjectNode messageRecord(PromptResponse e) {
        ObjectNode o = JSON.createObjectNode();
        var arr = o.putArray("messages");
        arr.addObject().put("role", "user").put("content", e.prompt());
        arr.addObject().put("role", "assistant").put("content", e.response());
        return o;
    }

    private static String messages(Path dir, String name, List<PromptResponse> examples) throws IOException {
        return lines(dir, name, examples.stream().map(WorldWriter::messageRecord));
    }

    private static String lines(Path dir, String name, Stream<ObjectNode> records) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (ObjectNode o : (Iterable<ObjectNode>) records::iterator) {
            sb.append(JSON.writeValueAsString(o)).append('\n');
        }
        Files.writeString(dir.resolve(name), sb.toString());
        return name;
    }

    private static void manifest(World w, Path dir, List<String> files) throws IOException {
        ObjectNode m = JSON.createObjectNode();
        m.put("generator", "safeflow testbed generate");
        m.put("synthetic", "every record is synthetic; harmful compliance responses are placeholders");
        m.put("seed", w.config().seed());
        m.set("config", JSON.valueToTree(w.config()));
        ObjectNode sums = m.putObject("sha256");
        for (String f : files) {
            sums.put(f, sha256(dir.resolve(f)));
        }
        Files.writeString(dir.resolve(MANIFEST),
                JSON.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(m) + "\n");
    }

    public static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
