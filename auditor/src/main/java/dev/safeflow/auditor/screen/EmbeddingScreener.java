package dev.safeflow.auditor.screen;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.safeflow.avro.FineTuneRecord;
import dev.safeflow.schemas.config.ConfigKey;
import dev.safeflow.schemas.config.ConfigKey.Type;
import dev.safeflow.schemas.config.Settings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Sentence embeddings of the prompt and the response from all-MiniLM-L6-v2 (ONNX, bundled in the
 * jar, run in-process; float or int8-quantised), fed to a logistic regression fitted by {@code safeflow auditor fit}
 * (or at start-up on {@code auditor.embedding.seed-file}). The encoder is English-only: in the default cascade it
 * decides only the records the multilingual text screener is unsure of.
 * Features are the two 384-d unit vectors side by side, so the classifier can learn both "harmful
 * request" and "compliant answer to one". Batches go to the encoder in one call, encoded in parallel.
 */
public final class EmbeddingScreener implements Screener {
    public static final String NAME = "embedding";
    public static final ConfigKey<Double> THRESHOLD = ConfigKey.of("auditor.embedding.threshold", Type.DOUBLE,
        0.5, "Probability of harm from the embedding classifier above which a record is quarantined")
        .validatedBy(d -> d >= 0 && d <= 1, "between 0 and 1");
    public static final ConfigKey<String> SEED_FILE = ConfigKey.of("auditor.embedding.seed-file", Type.STRING,
        "", "Labelled JSONL (any record shape plus label) to fit the classifier on at start-up; empty to load it from the artifact");
    public static final ConfigKey<String> MODEL = ConfigKey.of("auditor.embedding.model",
        Type.oneOf(EmbeddingModels.FULL, EmbeddingModels.QUANTIZED), EmbeddingModels.QUANTIZED,
        "Sentence encoder: all-minilm-l6-v2-q (int8, faster on CPU) or all-minilm-l6-v2 (float); both ship in the jar; must match the artifact's");
    public static final ConfigKey<Integer> THREADS = ConfigKey.of("auditor.embedding.threads", Type.INT,
        Math.max(1, Runtime.getRuntime().availableProcessors()), "Threads that encode one batch in parallel")
        .validatedBy(n -> n >= 1, "at least 1");
    public static final List<ConfigKey<?>> KEYS = List.of(THRESHOLD, SEED_FILE, MODEL, THREADS);
    /** The artifact part's record of the encoder it was fitted with. */
    public static final String ENCODER = "encoder";
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

    /** The classifier from the artifact, or fitted at start-up when {@code auditor.embedding.seed-file} names exemplars. */
    static EmbeddingScreener create(Settings settings, java.util.function.Supplier<ScreenerArtifact> artifacts) {
        String file = settings.get(SEED_FILE);
        if (!file.isEmpty()) {
            return train(ExemplarFile.read(Path.of(file)), settings.get(THRESHOLD), settings.get(THREADS), settings.get(MODEL));
        }
        ScreenerArtifact artifact = artifacts.get();
        byte[] bytes = artifact.part(NAME);
        String fitted = artifact.partInfo(NAME).info().getOrDefault(ENCODER, "");
        if (!fitted.equals(settings.get(MODEL))) {
            throw new IllegalArgumentException("artifact " + artifact.origin() + ": the embedding classifier was fitted on encoder "
                + fitted + ", not " + settings.get(MODEL) + "; set " + MODEL.name() + "=" + fitted
                + " or refit with 'safeflow auditor fit --embedding-model " + settings.get(MODEL) + "'");
        }
        try (java.io.DataInputStream in = new java.io.DataInputStream(new java.io.ByteArrayInputStream(bytes))) {
            LogisticRegression classifier = LogisticRegression.read(in);
            ExecutorService pool = pool(settings.get(THREADS));
            return new EmbeddingScreener(pool, EmbeddingModels.load(fitted, pool), classifier, settings.get(THRESHOLD));
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("artifact " + artifact.origin() + ": the embedding classifier is unreadable; refit it");
        }
    }

    /** The artifact part: the classifier fitted on {@code exemplars} with encoder {@code model}. */
    public static byte[] fitPart(List<Exemplar> exemplars, String model, int threads) throws java.io.IOException {
        ExecutorService pool = pool(threads);
        try {
            EmbeddingModel encoder = EmbeddingModels.load(model, pool);
            List<float[]> features = features(encoder, exemplars.stream().map(Exemplar::text).toList());
            LogisticRegression classifier = LogisticRegression.fit(features, exemplars.stream().map(Exemplar::poison).toList(),
                L2, EPOCHS, LEARNING_RATE);
            java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
            try (java.io.DataOutputStream out = new java.io.DataOutputStream(bytes)) {
                classifier.write(out);
            }
            return bytes.toByteArray();
        } finally {
            pool.shutdownNow();
        }
    }

    private static ExecutorService pool(int threads) {
        return Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "embedding-encoder");
            t.setDaemon(true);
            return t;
        });
    }

    /** Loads the encoder and fits the classifier on {@code exemplars}; a few seconds on two cores. */
    public static EmbeddingScreener train(List<Exemplar> exemplars, double threshold, int threads) {
        return train(exemplars, threshold, threads, EmbeddingModels.FULL);
    }

    /** As {@link #train(List, double, int)} with the encoder named {@code model} (see {@link EmbeddingModels}). */
    public static EmbeddingScreener train(List<Exemplar> exemplars, double threshold, int threads, String model) {
        ExecutorService pool = pool(threads);
        EmbeddingModel encoder = EmbeddingModels.load(model, pool);
        List<float[]> features = features(encoder, exemplars.stream().map(Exemplar::text).toList());
        List<Boolean> labels = exemplars.stream().map(Exemplar::poison).toList();
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
