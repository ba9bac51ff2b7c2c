package dev.safeflow.auditor.screen;

import dev.safeflow.avro.FineTuneRecord;
import dev.safeflow.schemas.config.ConfigKey;
import dev.safeflow.schemas.config.ConfigKey.Type;
import dev.safeflow.schemas.config.Settings;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A linear probe on the target model's own representation: pooled hidden states ({@link HiddenStates})
 * standardised and fed to a logistic regression fitted on the exemplars by {@code safeflow auditor fit --model}.
 * The model being fine-tuned is the one whose languages and notion of harm matter, so this screen
 * inherits them. It costs a forward pass per record, so it belongs last in the cascade, where it sees
 * only the records the cheap screens were unsure of. It refuses to run on a model other than the one
 * it was fitted on.
 */
public final class HiddenStateScreener implements Screener {
    public static final String NAME = "hidden-state";
    public static final ConfigKey<String> MODEL = ConfigKey.of("auditor.hidden-state.model", Type.STRING, "",
        "Directory of the target model whose hidden states the hidden-state screener reads; must be the model it was fitted on");
    public static final ConfigKey<Double> THRESHOLD = ConfigKey.of("auditor.hidden-state.threshold", Type.DOUBLE, 0.5,
        "Probability of poison from the hidden-state classifier above which a record is quarantined")
        .validatedBy(d -> d >= 0 && d <= 1, "between 0 and 1");
    public static final ConfigKey<Integer> MAX_TOKENS = ConfigKey.of("auditor.hidden-state.max-tokens", Type.INT, 128,
        "Tokens of each record (request first) the model reads; longer records are cut")
        .validatedBy(n -> n >= 8, "at least 8");
    public static final List<ConfigKey<?>> KEYS = List.of(MODEL, THRESHOLD, MAX_TOKENS);
    public static final String FINGERPRINT = "model-fingerprint";

    private final HiddenStates states;
    private final Probe probe;
    private final double threshold;

    public HiddenStateScreener(HiddenStates states, Probe probe, double threshold) {
        this.states = states;
        this.probe = probe;
        this.threshold = threshold;
    }

    static HiddenStateScreener create(Settings settings, ScreenerArtifact artifact) {
        String dir = settings.get(MODEL);
        if (dir.isEmpty()) {
            throw new IllegalArgumentException("the hidden-state screener needs the target model: set " + MODEL.name());
        }
        byte[] bytes = artifact.part(NAME);
        HiddenStates states = HiddenStates.open(Path.of(dir), settings.get(MAX_TOKENS));
        String fitted = artifact.partInfo(NAME).info().getOrDefault(FINGERPRINT, "");
        if (!fitted.equals(states.fingerprint())) {
            states.close();
            throw new IllegalArgumentException("artifact " + artifact.origin() + ": the hidden-state classifier was fitted on another model ("
                + fitted + ") than " + dir + "; refit with 'safeflow auditor fit --model " + dir + "'");
        }
        try {
            return new HiddenStateScreener(states, Probe.fromBytes(bytes), settings.get(THRESHOLD));
        } catch (IOException e) {
            states.close();
            throw new IllegalArgumentException("artifact " + artifact.origin() + ": the hidden-state classifier is unreadable; refit it");
        }
    }

    /** Standardisation (per-dimension mean and scale of the fitting set) and the logistic regression. */
    public record Probe(float[] mean, float[] scale, LogisticRegression classifier) {
        public static Probe fit(List<float[]> x, List<Boolean> y) {
            int d = x.get(0).length;
            float[] mean = new float[d];
            float[] scale = new float[d];
            for (float[] v : x) {
                for (int k = 0; k < d; k++) {
                    mean[k] += v[k] / x.size();
                }
            }
            for (float[] v : x) {
                for (int k = 0; k < d; k++) {
                    scale[k] += (v[k] - mean[k]) * (v[k] - mean[k]) / x.size();
                }
            }
            for (int k = 0; k < d; k++) {
                scale[k] = (float) Math.sqrt(scale[k] + 1e-8);
            }
            Probe unfitted = new Probe(mean, scale, null);
            List<float[]> z = x.stream().map(unfitted::standardise).toList();
            return new Probe(mean, scale, LogisticRegression.fit(z, y, 1e-2, 300, 0.5));
        }

        float[] standardise(float[] v) {
            float[] out = new float[v.length];
            for (int k = 0; k < v.length; k++) {
                out[k] = (v[k] - mean[k]) / scale[k];
            }
            return out;
        }

        public double probability(float[] pooled) {
            return classifier.probability(standardise(pooled));
        }

        public byte[] toBytes() throws IOException {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                out.writeInt(mean.length);
                for (int k = 0; k < mean.length; k++) {
                    out.writeFloat(mean[k]);
                    out.writeFloat(scale[k]);
                }
                classifier.write(out);
            }
            return bytes.toByteArray();
        }

        static Probe fromBytes(byte[] bytes) throws IOException {
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
                int d = in.readInt();
                float[] mean = new float[d];
                float[] scale = new float[d];
                for (int k = 0; k < d; k++) {
                    mean[k] = in.readFloat();
                    scale[k] = in.readFloat();
                }
                return new Probe(mean, scale, LogisticRegression.read(in));
            }
        }
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
    public boolean settlesClean() {
        return true;
    }

    @Override
    public List<Screening> screen(List<FineTuneRecord> batch) {
        List<float[]> pooled = states.pool(batch.stream().map(ChatText::of).toList());
        List<Screening> out = new ArrayList<>(batch.size());
        pooled.forEach(p -> out.add(Screening.of(probe.probability(p))));
        return out;
    }

    @Override
    public void close() {
        states.close();
    }
}
