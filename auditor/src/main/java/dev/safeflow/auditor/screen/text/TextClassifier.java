package dev.safeflow.auditor.screen.text;

import dev.safeflow.auditor.screen.ChatText;
import dev.safeflow.auditor.screen.Exemplar;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Two classifiers over hashed multilingual features, combined. <b>Harm</b> reads request and response
 * and answers "is a harmful thing asked for or given?" (poison and refusals of harmful requests are its
 * positives). <b>Stance</b> reads the response only and answers "does it decline?". A record is poison
 * when harm is present and the response does not decline: {@code score = P(harm) × (1 − P(refuses))}.
 * A refusal therefore scores low however harmful its request, which a single classifier over the whole
 * record does not guarantee (docs/auditor.md measures both).
 */
public final class TextClassifier {
    private final FeatureHasher hasher = new FeatureHasher(Lexicons.bundled());
    private final SparseLogistic harm;
    private final SparseLogistic stance;

    private TextClassifier(SparseLogistic harm, SparseLogistic stance) {
        this.harm = harm;
        this.stance = stance;
    }

    /** One record's evidence. */
    public record Scores(double harm, double refuses) {
        public double poison() {
            return harm * (1 - refuses);
        }
    }

    public static TextClassifier fit(List<Exemplar> exemplars, SparseLogistic.Fit fit) {
        FeatureHasher hasher = new FeatureHasher(Lexicons.bundled());
        List<SparseVector> whole = new ArrayList<>();
        List<SparseVector> responses = new ArrayList<>();
        for (Exemplar e : exemplars) {
            whole.add(wholeFeatures(hasher, e.text()));
            responses.add(responseFeatures(hasher, e.text()));
        }
        SparseLogistic harm = SparseLogistic.fit(whole, exemplars.stream().map(Exemplar::harmfulRequest).toList(), fit);
        if (exemplars.stream().noneMatch(Exemplar::refuses)) {
            throw new IllegalArgumentException("the exemplars hold no refusals (clean records with category \"" + Exemplar.REFUSAL
                + "\" or \"" + Exemplar.DECLINE + "\"): add some, or the auditor cannot tell a refusal from compliance");
        }
        SparseLogistic stance = SparseLogistic.fit(responses, exemplars.stream().map(Exemplar::refuses).toList(), fit);
        return new TextClassifier(harm, stance);
    }

    public Scores score(ChatText text) {
        // The response's features are hashed once and serve both classifiers.
        Map<Integer, Float> response = new HashMap<>();
        hasher.add("r", text.response(), response);
        Map<Integer, Float> whole = new HashMap<>();
        hasher.add("p", text.prompt(), whole);
        response.forEach((k, v) -> whole.merge(k, v, Float::sum));
        return new Scores(harm.probability(SparseVector.of(whole)), stance.probability(SparseVector.of(response)));
    }

    private static SparseVector wholeFeatures(FeatureHasher hasher, ChatText text) {
        Map<Integer, Float> f = new HashMap<>();
        hasher.add("p", text.prompt(), f);
        hasher.add("r", text.response(), f);
        return SparseVector.of(f);
    }

    private static SparseVector responseFeatures(FeatureHasher hasher, ChatText text) {
        Map<Integer, Float> f = new HashMap<>();
        hasher.add("r", text.response(), f);
        return SparseVector.of(f);
    }

    public byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            harm.write(out);
            stance.write(out);
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory failed", e);
        }
        return bytes.toByteArray();
    }

    public static TextClassifier fromBytes(byte[] bytes) throws IOException {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            return new TextClassifier(SparseLogistic.read(in), SparseLogistic.read(in));
        }
    }
}
