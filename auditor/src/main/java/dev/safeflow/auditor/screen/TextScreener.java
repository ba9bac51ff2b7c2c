package dev.safeflow.auditor.screen;

import dev.safeflow.auditor.screen.text.TextClassifier;
import dev.safeflow.avro.FineTuneRecord;
import dev.safeflow.schemas.config.ConfigKey;
import dev.safeflow.schemas.config.ConfigKey.Type;
import dev.safeflow.schemas.config.Settings;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The multilingual request/response screener: {@link TextClassifier}'s harm and stance classifiers over
 * hashed character and word n-grams and cue lexicons, loaded from the fitted artifact. Score = P(harm) ×
 * (1 − P(refuses)); both parts are kept in the record's scores as {@code text.harm} and {@code text.refuses}.
 * Cheap (well under a millisecond per record), so it runs first and settles what it is sure of.
 */
public final class TextScreener implements Screener {
    public static final String NAME = "text";
    public static final ConfigKey<Double> THRESHOLD = ConfigKey.of("auditor.text.threshold", Type.DOUBLE, 0.5,
        "Poison score of the text screener (P(harm) x (1 - P(refuses))) above which a record is quarantined")
        .validatedBy(d -> d >= 0 && d <= 1, "between 0 and 1");
    public static final ConfigKey<Double> MARGIN = ConfigKey.of("auditor.text.margin", Type.DOUBLE, 0.25,
        "Scores within this distance of the threshold are unsure and go to the next screener, when there is one")
        .validatedBy(d -> d >= 0 && d <= 0.5, "between 0 and 0.5");
    public static final List<ConfigKey<?>> KEYS = List.of(THRESHOLD, MARGIN);
    /** Partial scores, stored as {@code text.harm} and {@code text.refuses}. */
    public static final String HARM = "harm";
    public static final String REFUSES = "refuses";

    private final TextClassifier classifier;
    private final double threshold;
    private final double margin;

    public TextScreener(TextClassifier classifier, double threshold, double margin) {
        this.classifier = classifier;
        this.threshold = threshold;
        this.margin = margin;
    }

    static TextScreener create(Settings settings, ScreenerArtifact artifact) {
        try {
            return new TextScreener(TextClassifier.fromBytes(artifact.part(NAME)), settings.get(THRESHOLD), settings.get(MARGIN));
        } catch (IOException e) {
            throw new IllegalArgumentException("artifact " + artifact.origin() + ": the text classifier is unreadable ("
                + e.getMessage() + "); refit with 'safeflow auditor fit'");
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
    public double margin() {
        return margin;
    }

    @Override
    public boolean settlesClean() {
        return true;
    }

    @Override
    public List<Screening> screen(List<FineTuneRecord> batch) {
        List<Screening> out = new ArrayList<>(batch.size());
        for (FineTuneRecord record : batch) {
            TextClassifier.Scores s = classifier.score(ChatText.of(record));
            out.add(new Screening(s.poison(), List.of(), Map.of(HARM, s.harm(), REFUSES, s.refuses())));
        }
        return out;
    }
}
