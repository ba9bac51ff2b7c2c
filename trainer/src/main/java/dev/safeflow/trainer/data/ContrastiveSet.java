package dev.safeflow.trainer.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The contrastive safety set SAP's direction comes from: JSONL lines
 * {@code {"prompt": ..., "safe": ..., "harmful": ...}} ({@code chosen}/{@code rejected} are accepted
 * for the two responses). An empty or malformed set is an error, never a silent fall-back to SFT.
 *
 * <p>Batches are a pure function of the step number (a seeded permutation per pass over the set),
 * so a resumed run draws exactly the batches an uninterrupted one would.
 */
public final class ContrastiveSet {

    /** The hand-written set bundled with safeflow. */
    public static final String BUNDLED = "/contrastive/safety-triples.jsonl";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<Triple> triples;
    private final String source;
    private final long seed;
    private long permEpoch = -1;
    private int[] perm;

    private ContrastiveSet(List<Triple> triples, String source, long seed) {
        if (triples.isEmpty()) {
            throw new IllegalArgumentException("contrastive set " + source + " has no triples: SAP needs at least one"
                    + " {prompt, safe, harmful} line (or use --method sft)");
        }
        this.triples = List.copyOf(triples);
        this.source = source;
        this.seed = seed;
    }

    /** The set in {@code file}, or the bundled one when {@code file} is null. */
    public static ContrastiveSet load(Path file, long seed) {
        if (file == null) {
            try (InputStream in = ContrastiveSet.class.getResourceAsStream(BUNDLED)) {
                return new ContrastiveSet(parse(in, "the bundled set " + BUNDLED), "bundled", seed);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        try (InputStream in = Files.newInputStream(file)) {
            return new ContrastiveSet(parse(in, file.toString()), file.toString(), seed);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("contrastive set " + file + " does not exist: check"
                    + " trainer.contrastive-file");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read contrastive set " + file + ": " + e.getMessage(), e);
        }
    }

    public static ContrastiveSet of(List<Triple> triples, long seed) {
        return new ContrastiveSet(triples, "in-memory", seed);
    }

    private static List<Triple> parse(InputStream in, String source) throws IOException {
        List<Triple> out = new ArrayList<>();
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        int lineNo = 0;
        for (String line; (line = r.readLine()) != null; ) {
            lineNo++;
            if (line.isBlank()) {
                continue;
            }
            JsonNode n;
            try {
                n = JSON.readTree(line);
            } catch (IOException e) {
                throw new IllegalArgumentException("contrastive set " + source + " line " + lineNo
                        + " is not JSON; each line must be {\"prompt\": ..., \"safe\": ..., \"harmful\": ...}");
            }
            String prompt = text(n, "prompt", null);
            String safe = text(n, "safe", "chosen");
            String harmful = text(n, "harmful", "rejected");
            if (prompt == null || safe == null || harmful == null) {
                throw new IllegalArgumentException("contrastive set " + source + " line " + lineNo
                        + " needs non-empty string fields prompt, safe and harmful");
            }
            out.add(new Triple(prompt, safe, harmful));
        }
        return out;
    }

    private static String text(JsonNode n, String field, String alias) {
        JsonNode v = n.get(field);
        if ((v == null || !v.isTextual()) && alias != null) {
            v = n.get(alias);
        }
        return v != null && v.isTextual() && !v.asText().isBlank() ? v.asText() : null;
    }

    /** The {@code size} triples of step {@code step}. */
    public synchronized List<Triple> batch(long step, int size) {
        List<Triple> out = new ArrayList<>(size);
        for (int j = 0; j < size; j++) {
            long i = step * size + j;
            long epoch = i / triples.size();
            out.add(triples.get(permutation(epoch)[(int) (i % triples.size())]));
        }
        return out;
    }

    private int[] permutation(long epoch) {
        if (epoch != permEpoch) {
            perm = new int[triples.size()];
            for (int i = 0; i < perm.length; i++) {
                perm[i] = i;
            }
            SplittableRandom rnd = new SplittableRandom(seed * 31 + epoch);
            for (int i = perm.length - 1; i > 0; i--) {
                int k = rnd.nextInt(i + 1);
                int t = perm[i];
                perm[i] = perm[k];
                perm[k] = t;
            }
            permEpoch = epoch;
        }
        return perm;
    }

    public int size() {
        return triples.size();
    }

    public String source() {
        return source;
    }
}
