package dev.safeflow.auditor.screen;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.safeflow.avro.FineTuneRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Sentence embeddings of the prompt and the response from all-MiniLM-L6-v2 (ONNX, bundled in the
 * jar, run in-process; float or int8-quantised), fed to a logistic regression trained at start-up on labelled exemplars.
 * Features are the two 384-d unit vectors side by side, so the classifier can learn both "harmful
 * request" and "compliant answer to one". Batches go to the encoder in one call, encoded in parallel.
 */
public final class EmbeddingScreener implements Screener {
    public static final String NAME = "embedding";
    private static final double L2 = 1e-3;
    private static final int EPOCHS = 400;
    private static final double LEARNING_RATE = 2.0;

    private final ExecutorService pool;
    private final EmbeddingModel encoder;
    private final LogisticRegression classifier;
    private final double threshold;

    private EmbeddingScreener(ExecutorService pool, EmbeddingModel encoder, LogisticRegression classifier, double threshold) {
        this.pool = pool;
        this.encoder = encoder;
        this.classifier = classifier;
        this.threshold = threshold;
    }

    /** Loads the encoder and fits the classifier on {@code exemplars}; a few seconds on two cores. */
    public static EmbeddingScreener train(List<Exemplar> exemplars, double threshold, int threads) {
        return train(exemplars, threshold, threads, EmbeddingModels.FULL);
    }

    /** As {@link #train(List, double, int)} with the encoder named {@code model} (see {@link EmbeddingModels}). */
    public static EmbeddingScreener train(List<Exemplar> exemplars, double threshold, int threads, String model) {
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "embedding-encoder");
            t.setDaemon(true);
            return t;
        });
        EmbeddingModel encoder = EmbeddingModels.load(model, pool);
        List<float[]> features = features(encoder, exemplars.stream().map(e -> new ChatText(e.prompt(), e.response())).toList());
        List<Boolean> labels = exemplars.stream().map(Exemplar::harmful).toList();
        LogisticRegression classifier = LogisticRegression.fit(features, labels, L2, EPOCHS, LEARNING_RATE);
        return new EmbeddingScreener(pool, encoder, classifier, threshold);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public double threshold() {
        return threshold;
    }

    @Override
    public List<Screening> screen(List<FineTuneRecord> batch) {
        List<float[]> features = features(encoder, batch.stream().map(ChatText::of).toList());
        List<Screening> out = new ArrayList<>(batch.size());
        for (float[] f : features) {
            out.add(Screening.of(classifier.probability(f)));
        }
        return out;
    }

    /** One encoder call for the whole batch: prompts first, then responses. */
    private static List<float[]> features(EmbeddingModel encoder, List<ChatText> texts) {
        List<TextSegment> segments = new ArrayList<>(texts.size() * 2);
        texts.forEach(t -> segments.add(TextSegment.from(t.prompt().isBlank() ? "(empty)" : t.prompt())));
        texts.forEach(t -> segments.add(TextSegment.from(t.response().isBlank() ? "(empty)" : t.response())));
        List<Embedding> embeddings = encoder.embedAll(segments).content();
        List<float[]> out = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            float[] p = unit(embeddings.get(i).vector());
            float[] r = unit(embeddings.get(texts.size() + i).vector());
            float[] f = new float[p.length + r.length];
            System.arraycopy(p, 0, f, 0, p.length);
            System.arraycopy(r, 0, f, p.length, r.length);
            out.add(f);
        }
        return out;
    }

    private static float[] unit(float[] v) {
        double norm = 0;
        for (float x : v) {
            norm += x * x;
        }
        float inv = (float) (1 / Math.max(Math.sqrt(norm), 1e-12));
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i] * inv;
        }
        return out;
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
