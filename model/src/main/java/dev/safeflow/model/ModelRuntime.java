package dev.safeflow.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.safeflow.model.generate.GenerationConfig;
import dev.safeflow.model.generate.Generator;
import dev.safeflow.model.io.ModelLoader;
import dev.safeflow.model.io.SafeTensorsWriter;
import dev.safeflow.model.lora.LoraAdapter;
import dev.safeflow.model.nn.AttentionMask;
import dev.safeflow.model.nn.LlamaModel;
import dev.safeflow.model.tokenizer.ChatMessage;
import dev.safeflow.model.tokenizer.Tokenizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A loaded model (plus optional adapter and tokenizer): what the CLI's {@code generate} and
 * {@code model forward} commands call. Owns every native array it creates; close it.
 */
public final class ModelRuntime implements AutoCloseable {

    private final Path dir;
    private final NDManager root;
    private final LlamaModel model;
    private final LoraAdapter adapter;
    private Tokenizer tokenizer;

    private ModelRuntime(Path dir, NDManager root, LlamaModel model, LoraAdapter adapter) {
        this.dir = dir;
        this.root = root;
        this.model = model;
        this.adapter = adapter;
    }

    /** Loads {@code modelDir} and, unless null, the PEFT adapter in {@code adapterDir}. */
    public static ModelRuntime open(Path modelDir, Path adapterDir) {
        NDManager root = Djl.newManager();
        try {
            LlamaModel model = ModelLoader.load(modelDir, root);
            LoraAdapter adapter = adapterDir == null ? null : LoraAdapter.load(adapterDir, model);
            return new ModelRuntime(modelDir, root, model, adapter);
        } catch (RuntimeException e) {
            root.close();
            throw e;
        }
    }

    /**
     * Logits of one unpadded sequence, exactly the given ids (no BOS added).
     *
     * @return [tokens][vocab]
     */
    public float[][] logits(int[] tokens) {
        try (NDManager step = root.newSubManager()) {
            NDArray out = forward(tokens, step);
            float[] flat = out.toFloatArray();
            int v = model.config().vocabSize();
            float[][] rows = new float[tokens.length][v];
            for (int t = 0; t < tokens.length; t++) {
                System.arraycopy(flat, t * v, rows[t], 0, v);
            }
            return rows;
        }
    }

    /** {@code safeflow model forward}: writes one F32 tensor {@code logits} of shape [tokens, vocab]. */
    public void writeLogits(int[] tokens, Path output) {
        try (NDManager step = root.newSubManager()) {
            SafeTensorsWriter.write(output, Map.of("logits", forward(tokens, step)));
        }
    }

    private NDArray forward(int[] tokens, NDManager step) {
        if (tokens.length == 0) {
            throw new ModelException("no token ids given; pass e.g. --tokens 1,5,9");
        }
        long[] ids = new long[tokens.length];
        for (int i = 0; i < ids.length; i++) {
            if (tokens[i] < 0 || tokens[i] >= model.config().vocabSize()) {
                throw new ModelException("token id " + tokens[i] + " is outside the vocabulary [0, "
                        + model.config().vocabSize() + ")");
            }
            ids[i] = tokens[i];
        }
        NDArray in = step.create(ids, new Shape(1, ids.length));
        return model.logits(in, AttentionMask.full(1, ids.length), null, false).reshape(ids.length, -1);
    }

    /** Parses {@code "1,5,9"}; a bad entry is named. */
    public static int[] parseTokens(String csv) {
        List<Integer> out = new ArrayList<>();
        for (String s : csv.split(",")) {
            try {
                out.add(Integer.parseInt(s.trim()));
            } catch (NumberFormatException e) {
                throw new ModelException("token id '" + s.trim() + "' in --tokens is not an integer; use e.g. 1,5,9");
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * {@code safeflow generate}: the decoded continuation of {@code prompt}. With {@code chat} the
     * prompt is one user turn rendered through the chat template; otherwise it is encoded with BOS.
     * Generation stops at any eos id of config.json or the tokenizer, besides {@code config}'s own.
     */
    public String generate(String prompt, boolean chat, GenerationConfig config) {
        Tokenizer tok = tokenizer();
        int[] ids = chat ? tok.encodeChat(List.of(ChatMessage.user(prompt)), true) : tok.encode(prompt, true);
        Set<Integer> stops = new LinkedHashSet<>(config.stopTokens());
        stops.addAll(model.config().eosTokenIds());
        Integer eos = tok.specialTokenId("eos_token");
        if (eos != null) {
            stops.add(eos);
        }
        Integer pad = tok.specialTokenId("pad_token");
        Generator g = new Generator(model, pad != null ? pad : 0);
        int[] out = g.generate(List.of(ids), config.withStopTokens(List.copyOf(stops))).get(0);
        return tok.decode(out, true);
    }

    /** The tokenizer, loaded on first use (forward needs none). */
    public Tokenizer tokenizer() {
        if (tokenizer == null) {
            if (!Files.isRegularFile(dir.resolve("tokenizer.json"))) {
                throw new ModelException("no tokenizer.json in " + dir + "; generate needs the model's tokenizer");
            }
            tokenizer = Tokenizer.load(dir);
        }
        return tokenizer;
    }

    public LlamaModel model() {
        return model;
    }

    /** The loaded adapter, or null. */
    public LoraAdapter adapter() {
        return adapter;
    }

    @Override
    public void close() {
        if (tokenizer != null) {
            tokenizer.close();
        }
        root.close();
    }
}
