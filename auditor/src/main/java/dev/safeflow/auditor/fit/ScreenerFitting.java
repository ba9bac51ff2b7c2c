package dev.safeflow.auditor.fit;

import dev.safeflow.auditor.screen.ChatText;
import dev.safeflow.auditor.screen.EmbeddingModels;
import dev.safeflow.auditor.screen.EmbeddingScreener;
import dev.safeflow.auditor.screen.Exemplar;
import dev.safeflow.auditor.screen.HiddenStateScreener;
import dev.safeflow.auditor.screen.HiddenStates;
import dev.safeflow.auditor.screen.ScreenerArtifact;
import dev.safeflow.auditor.screen.TextScreener;
import dev.safeflow.auditor.screen.text.SparseLogistic;
import dev.safeflow.auditor.screen.text.TextClassifier;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/** {@code safeflow auditor fit}: fits every fitted screener on labelled exemplars and writes the artifact. */
public final class ScreenerFitting {
    /** Records per forward pass when pooling hidden states. */
    static final int BATCH = 16;

    private ScreenerFitting() {
    }

    /**
     * @param name     what the exemplars are, recorded in the manifest (a file name)
     * @param bytes    the exemplar file's bytes, whose sha256 the manifest records
     * @param encoder  sentence encoder for the embedding classifier (see {@link EmbeddingModels})
     * @param model    target model directory for the hidden-state classifier, or null to skip it
     */
    public static ScreenerArtifact.Manifest fit(String name, byte[] bytes, List<Exemplar> exemplars, String encoder, Path model,
                                                int maxTokens, Path output, Consumer<String> progress) throws IOException {
        Map<String, byte[]> parts = new LinkedHashMap<>();
        Map<String, Map<String, String>> info = new LinkedHashMap<>();
        long t0 = System.nanoTime();
        parts.put(TextScreener.NAME, TextClassifier.fit(exemplars, SparseLogistic.Fit.DEFAULT).toBytes());
        info.put(TextScreener.NAME, Map.of());
        progress.accept(String.format(java.util.Locale.ROOT, "text classifier fitted on %d exemplars in %.1f s",
            exemplars.size(), (System.nanoTime() - t0) / 1e9));
        t0 = System.nanoTime();
        parts.put(EmbeddingScreener.NAME, EmbeddingScreener.fitPart(exemplars, encoder, Runtime.getRuntime().availableProcessors()));
        info.put(EmbeddingScreener.NAME, Map.of(EmbeddingScreener.ENCODER, encoder));
        progress.accept(String.format(java.util.Locale.ROOT, "embedding classifier (%s) fitted in %.1f s", encoder,
            (System.nanoTime() - t0) / 1e9));
        if (model != null) {
            try (HiddenStates states = HiddenStates.open(model, maxTokens)) {
                List<float[]> pooled = new ArrayList<>();
                for (int i = 0; i < exemplars.size(); i += BATCH) {
                    List<ChatText> batch = exemplars.subList(i, Math.min(exemplars.size(), i + BATCH)).stream().map(Exemplar::text).toList();
                    pooled.addAll(states.pool(batch));
                    progress.accept("hidden states " + pooled.size() + "/" + exemplars.size());
                }
                HiddenStateScreener.Probe probe = HiddenStateScreener.Probe.fit(pooled, exemplars.stream().map(Exemplar::poison).toList());
                parts.put(HiddenStateScreener.NAME, probe.toBytes());
                info.put(HiddenStateScreener.NAME, Map.of("model", model.toString(), HiddenStateScreener.FINGERPRINT, states.fingerprint()));
            }
        }
        Map<String, Integer> byLabel = new TreeMap<>();
        Map<String, Integer> byCategory = new TreeMap<>();
        Map<String, Integer> byLanguage = new TreeMap<>();
        for (Exemplar e : exemplars) {
            byLabel.merge(e.poison() ? "poison" : "clean", 1, Integer::sum);
            byCategory.merge(e.category().isEmpty() ? "(none)" : e.category(), 1, Integer::sum);
            byLanguage.merge(e.language().isEmpty() ? "(none)" : e.language(), 1, Integer::sum);
        }
        ScreenerArtifact.Manifest base = new ScreenerArtifact.Manifest(ScreenerArtifact.FORMAT,
            Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(), name, ScreenerArtifact.sha256(bytes), exemplars.size(),
            byLabel, byCategory, byLanguage, Map.of());
        return ScreenerArtifact.write(output, base, parts, info);
    }
}
