package dev.safeflow.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.safeflow.model.generate.GenerationConfig;
import dev.safeflow.model.generate.Generator;
import dev.safeflow.model.io.ModelLoader;
import dev.safeflow.model.io.ModelWriter;
import dev.safeflow.model.io.SafeTensorsWriter;
import dev.safeflow.model.lora.LoraAdapter;
import dev.safeflow.model.nn.AttentionMask;
import dev.safeflow.model.nn.LlamaModel;
import dev.safeflow.model.tokenizer.ChatMessage;
import dev.safeflow.model.tokenizer.Tokenizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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
        return generate(List.of(prompt), chat, config).get(0);
    }

    /** Several prompts decoded as one left-padded batch (what evaluation suites use). */
    public List<String> generate(List<String> prompts, boolean chat, GenerationConfig config) {
        Tokenizer tok = tokenizer();
        List<int[]> ids = new ArrayList<>();
        for (String p : prompts) {
            ids.add(chat ? tok.encodeChat(List.of(ChatMessage.user(p)), true) : tok.encode(p, true));
        }
        Set<Integer> stops = new LinkedHashSet<>(config.stopTokens());
        stops.addAll(model.config().eosTokenIds());
        Integer eos = tok.specialTokenId("eos_token");
        if (eos != null) {
            stops.add(eos);
        }
        Integer pad = tok.specialTokenId("pad_token");
        Generator g = new Generator(model, pad != null ? pad : 0);
        List<String> out = new ArrayList<>();
        for (int[] o : g.generate(ids, config.withStopTokens(List.copyOf(stops)))) {
            out.add(tok.decode(o, true));
        }
        return out;
    }

    /**
     * Folds the loaded adapter into the base weights and writes a full Hugging Face directory (F32
     * weights, config.json, and the source's tokenizer and generation files). The runtime then
     * serves the merged model.
     */
    public void mergeAndSave(Path out) {
        if (adapter == null) {
            throw new ModelException("no adapter loaded; open the runtime with --adapter to merge one");
        }
        adapter.merge();
        ModelWriter.save(model, out);
        for (String f : List.of("tokenizer.json", "tokenizer_config.json", "special_tokens_map.json",
                "generation_config.json", "tokenizer.model")) {
            Path src = dir.resolve(f);
            if (Files.isRegularFile(src)) {
                try {
                    Files.copy(src, out.resolve(f), StandardCopyOption.REPLACE_EXISTING);
                } catch (IOException e) {
                    throw new ModelException("cannot copy " + src + " to " + out + ": " + e.getMessage(), e);
                }
            }
        }
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
