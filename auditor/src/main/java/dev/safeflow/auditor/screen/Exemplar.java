package dev.safeflow.auditor.screen;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.safeflow.avro.ChatMessage;
import dev.safeflow.avro.FineTuneRecord;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One labelled fine-tuning example: a JSONL line {@code {"category", "label": harmful|benign, "prompt", "response"}}.
 * The bundled seed set trains the embedding classifier; a separate held-out set measures it.
 */
public record Exemplar(String category, boolean harmful, String prompt, String response) {
    public static final String SEED_SET = "/dev/safeflow/auditor/seed-exemplars.jsonl";
    public static final String HELD_OUT_SET = "/dev/safeflow/auditor/heldout-exemplars.jsonl";
    private static final ObjectMapper JSON = new ObjectMapper();

    public static List<Exemplar> resource(String name) {
        try (InputStream in = Exemplar.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("bundled exemplars " + name + " are missing from the jar");
            }
            return read(in, name);
        } catch (IOException e) {
            throw new IllegalStateException("bundled exemplars " + name + " are unreadable", e);
        }
    }

    public static List<Exemplar> read(InputStream in, String origin) throws IOException {
        List<Exemplar> out = new ArrayList<>();
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        String line;
        int n = 0;
        while ((line = reader.readLine()) != null) {
            n++;
            if (line.isBlank()) {
                continue;
            }
            JsonNode node = JSON.readTree(line);
            String label = node.path("label").asText();
            if (!label.equals("harmful") && !label.equals("benign")) {
                throw new IllegalArgumentException(origin + " line " + n + ": label is '" + label + "', expected harmful or benign");
            }
            out.add(new Exemplar(node.path("category").asText(), label.equals("harmful"),
                node.path("prompt").asText(), node.path("response").asText()));
        }
        return out;
    }

    /** As a record from source {@code source}, for running exemplars through screeners and topologies. */
    public FineTuneRecord toRecord(String id, String source) {
        return FineTuneRecord.newBuilder().setId(id).setSource(source).setDataset(category).setFormat("messages")
            .setMessages(List.of(new ChatMessage("user", prompt), new ChatMessage("assistant", response)))
            .setMetadata(Map.of()).setIngestedAt(Instant.EPOCH).build();
    }
}
