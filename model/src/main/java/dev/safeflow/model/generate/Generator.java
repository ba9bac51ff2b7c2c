package dev.safeflow.model.generate;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.safeflow.model.nn.LlamaModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Autoregressive decoding with a KV cache over a batch of prompts, left-padded to a common length
 * so every row's next token sits in the last column. Each step's arrays live in a step manager.
 *
 * <p>Dimensions: B prompts, L longest prompt, V vocabulary.
 */
public final class Generator {

    private final LlamaModel model;
    private final int padId;

    /** @param padId any valid id; it is masked out and never attended to */
    public Generator(LlamaModel model, int padId) {
        this.model = model;
        this.padId = padId;
    }

    /** Generated ids per prompt, without the prompt and without the stop token. */
    public List<int[]> generate(List<int[]> prompts, GenerationConfig config) {
        int b = prompts.size();
        int longest = prompts.stream().mapToInt(p -> p.length).max().orElse(0);
        if (longest == 0) {
            throw new IllegalArgumentException("every prompt needs at least one token");
        }
        int total = longest + config.maxNewTokens();
        if (total > model.config().maxPositionEmbeddings()) {
            throw new IllegalArgumentException("prompt of " + longest + " tokens plus " + config.maxNewTokens()
                    + " new tokens exceeds the model's context of " + model.config().maxPositionEmbeddings());
        }
        int[][] padding = new int[b][total];
        long[] ids = new long[b * longest]; // (B, L), left-padded
        Sampler[] samplers = new Sampler[b];
        List<List<Integer>> out = new ArrayList<>();
        for (int r = 0; r < b; r++) {
            int[] p = prompts.get(r);
            int offset = longest - p.length;
            for (int j = 0; j < longest; j++) {
                ids[r * longest + j] = j < offset ? padId : p[j - offset];
                padding[r][j] = j < offset ? 0 : 1;
            }
            samplers[r] = config.newSampler();
            out.add(new ArrayList<>());
        }
        boolean[] done = new boolean[b];
        try (NDManager gen = model.manager().newSubManager(); KvCache cache = new KvCache(gen, model.layers().size())) {
            long[] next = ids;
            int width = longest;
            for (int n = 0; n < config.maxNewTokens() && !allDone(done); n++) {
                float[][] last;
                try (NDManager step = gen.newSubManager()) {
                    NDArray in = step.create(next, new Shape(b, width)); // (B, width)
                    int seen = cache.length() + width;
                    last = rows(model.lastLogits(in, prefix(padding, seen), cache)); // (B, V)
                }
                next = new long[b];
                for (int r = 0; r < b; r++) {
                    int token = samplers[r].sample(last[r]);
                    next[r] = token;
                    padding[r][longest + n] = 1;
                    if (!done[r]) {
                        if (config.stopTokens().contains(token)) {
                            done[r] = true;
                        } else {
                            out.get(r).add(token);
                        }
                    }
                }
                width = 1;
            }
        }
        List<int[]> result = new ArrayList<>();
        out.forEach(l -> result.add(l.stream().mapToInt(Integer::intValue).toArray()));
        return result;
    }

    private static boolean allDone(boolean[] done) {
        for (boolean d : done) {
            if (!d) {
                return false;
            }
        }
        return true;
    }

    private static int[][] prefix(int[][] padding, int s) {
        int[][] p = new int[padding.length][];
        for (int r = 0; r < padding.length; r++) {
            p[r] = Arrays.copyOf(padding[r], s);
        }
        return p;
    }

    private static float[][] rows(NDArray logits) {
        int b = (int) logits.getShape().get(0);
        int v = (int) logits.getShape().get(1);
        float[] flat = logits.toFloatArray();
        float[][] out = new float[b][v];
        for (int r = 0; r < b; r++) {
            System.arraycopy(flat, r * v, out[r], 0, v);
        }
        return out;
    }
}
