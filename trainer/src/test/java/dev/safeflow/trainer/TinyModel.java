package dev.safeflow.trainer;

import ai.djl.ndarray.NDManager;
import dev.safeflow.avro.ChatMessage;
import dev.safeflow.avro.FineTuneRecord;
import dev.safeflow.model.io.ModelLoader;
import dev.safeflow.model.lora.LoraConfig;
import dev.safeflow.model.nn.LlamaModel;
import dev.safeflow.model.tokenizer.Tokenizer;
import dev.safeflow.trainer.data.Batch;
import dev.safeflow.trainer.data.ChatEncoder;
import dev.safeflow.trainer.data.ContrastiveSet;
import dev.safeflow.trainer.data.Example;
import dev.safeflow.trainer.step.ContrastiveBatches;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The tiny random Llama fixture (copied from model/src/test/resources/models/llama-gqa: 2 layers,
 * hidden 32, a 64-word vocabulary with a chat template) and data written in its vocabulary.
 */
public final class TinyModel {

    public static final String[][] CHATS = {
        {"hello , how are you ?", "i am fine , thanks ."},
        {"tell me a story", "the cat sat on the mat ."},
        {"write a poem", "good day and good night ."},
        {"what is a cake recipe ?", "here is a good recipe ."},
        {"can you help me ?", "yes , i can help ."},
        {"what is the dog ?", "the dog is good ."},
    };

    private TinyModel() {}

    public static Path dir() {
        return resource("/models/llama-gqa/");
    }

    public static Path triples() {
        return resource("/data/triples.jsonl");
    }

    public static Path resource(String name) {
        try {
            return Path.of(TinyModel.class.getResource(name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public static LlamaModel load(NDManager root) {
        return ModelLoader.load(dir(), root);
    }

    public static Tokenizer tokenizer() {
        return Tokenizer.load(dir());
    }

    /** Small, dropout-free settings for exactness tests. */
    public static TrainingConfig config(TrainingMethod method) {
        return TrainingConfig.defaults().withMethod(method)
                .withLora(new LoraConfig(4, 8f, 0f, List.of("q_proj", "v_proj"), false))
                .withBatch(new BatchConfig(3, 32, 0, 2, 32))
                .withOptimizer(OptimizerConfig.defaults().withLr(1e-2))
                .withContrastiveFile(triples());
    }

    public static ContrastiveBatches contrastive(Tokenizer tok, TrainingConfig c) {
        return ContrastiveBatches.of(ContrastiveSet.load(c.contrastiveFile(), c.seed()),
                new ChatEncoder(tok, c.batch().contrastiveMaxLength()), c.batch().contrastiveSize());
    }

    /** The chats as batches of {@code size}. */
    public static List<Batch> batches(Tokenizer tok, int size) {
        ChatEncoder enc = new ChatEncoder(tok, 32);
        List<Example> ex = new ArrayList<>();
        for (String[] c : CHATS) {
            ex.add(enc.encode(c[0], c[1]));
        }
        List<Batch> out = new ArrayList<>();
        for (int i = 0; i + size <= ex.size(); i += size) {
            out.add(Batch.of(ex.subList(i, i + size), enc.padId()));
        }
        return out;
    }

    public static FineTuneRecord record(String id, String prompt, String response) {
        return FineTuneRecord.newBuilder().setId(id).setSource("test").setDataset("tiny").setFormat("messages")
                .setMessages(List.of(new ChatMessage("user", prompt), new ChatMessage("assistant", response)))
                .setMetadata(Map.of()).setIngestedAt(Instant.EPOCH).build();
    }
}
