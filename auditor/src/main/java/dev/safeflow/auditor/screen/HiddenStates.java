package dev.safeflow.auditor.screen;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.safeflow.model.ModelRuntime;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Mean-pooled final hidden states of the target model for a record written as "User: ... Assistant: ...",
 * through {@code model/}'s public API. Dimensions:
 * B records, T tokens (right-padded), H hidden size.
 */
public final class HiddenStates implements AutoCloseable {
    private final ModelRuntime runtime;
    private final Path dir;
    private final int maxTokens;

    private HiddenStates(ModelRuntime runtime, Path dir, int maxTokens) {
        this.runtime = runtime;
        this.dir = dir;
        this.maxTokens = maxTokens;
    }

    public static HiddenStates open(Path modelDir, int maxTokens) {
        if (!Files.isRegularFile(modelDir.resolve("config.json"))) {
            throw new IllegalArgumentException("model directory " + modelDir + " has no config.json: point "
                + HiddenStateScreener.MODEL.name() + " (or --model) at a Hugging Face-style model directory");
        }
        return new HiddenStates(ModelRuntime.open(modelDir, null), modelDir, maxTokens);
    }

    public int size() {
        return runtime.model().config().hiddenSize();
    }

    /** One pooled vector per text, in order. */
    public List<float[]> pool(List<ChatText> texts) {
        List<int[]> ids = new ArrayList<>(texts.size());
        int t = 1;
        for (ChatText text : texts) {
            // Plain text, not the chat template: a template engine would parse record text that looks like template syntax.
            String plain = (text.prompt().isBlank() ? "" : "User: " + text.prompt() + "\n") + "Assistant: " + text.response();
            int[] all = runtime.tokenizer().encode(plain, true);
            // Keep the head: the request and the start of the answer say whether it complies.
            int[] kept = all.length > maxTokens ? java.util.Arrays.copyOf(all, maxTokens) : all;
            ids.add(kept.length == 0 ? new int[] {0} : kept);
            t = Math.max(t, ids.get(ids.size() - 1).length);
        }
        int b = texts.size();
        int h = size();
        long[] flat = new long[b * t];
        int[][] padding = new int[b][t];
        for (int r = 0; r < b; r++) {
            int[] row = ids.get(r);
            for (int j = 0; j < row.length; j++) {
                flat[r * t + j] = row[j];
                padding[r][j] = 1;
            }
        }
        try (NDManager step = runtime.model().manager().newSubManager()) {
            NDArray hidden = runtime.model().hidden(step.create(flat, new Shape(b, t)), padding, null, false); // (B, T, H)
            float[] values = hidden.toFloatArray();
            List<float[]> out = new ArrayList<>(b);
            for (int r = 0; r < b; r++) {
                float[] mean = new float[h];
                int n = ids.get(r).length;
                for (int j = 0; j < n; j++) {
                    int base = (r * t + j) * h;
                    for (int k = 0; k < h; k++) {
                        mean[k] += values[base + k] / n;
                    }
                }
                out.add(mean);
            }
            return out;
        }
    }

    /**
     * What the classifier was fitted against: sha256 over config.json, tokenizer.json and the weights'
     * file names and sizes. Hashing every weight byte of a multi-gigabyte model at each start-up would
     * cost minutes; a changed architecture, tokenizer or shard layout is what makes pooled states incomparable.
     */
    public String fingerprint() {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (String name : new String[] {"config.json", "tokenizer.json"}) {
                Path file = dir.resolve(name);
                if (Files.isRegularFile(file)) {
                    digest.update(Files.readAllBytes(file));
                }
            }
            try (var files = Files.list(dir)) {
                for (Path p : files.filter(p -> p.toString().endsWith(".safetensors")).sorted().toList()) {
                    digest.update((p.getFileName() + ":" + Files.size(p)).getBytes(java.nio.charset.StandardCharsets.UTF_8));
                }
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new IllegalArgumentException("model directory " + dir + " cannot be read (" + e.getMessage() + ")");
        }
    }

    @Override
    public void close() {
        runtime.close();
    }
}
