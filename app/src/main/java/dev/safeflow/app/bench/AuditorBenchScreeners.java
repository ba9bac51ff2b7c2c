package dev.safeflow.app.bench;

import dev.safeflow.auditor.screen.EmbeddingScreener;
import dev.safeflow.auditor.screen.ScreenerRegistry;
import dev.safeflow.auditor.screen.ScreeningCascade;
import dev.safeflow.avro.FineTuneRecord;
import dev.safeflow.schemas.config.Settings;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The in-process side of {@code bench auditor}: screeners on batches in this thread, with no Kafka in the way.
 */
final class AuditorBenchScreeners {
    private static final int[] ENCODER_BATCHES = {1, 8, 32, 64};

    private final Settings settings;
    private final PrintStream out;

    AuditorBenchScreeners(Settings settings, PrintStream out) {
        this.settings = settings;
        this.out = out;
    }

    /** Records per second through the cascade of {@code screeners}, in batches of {@code batch}, after one untimed batch. */
    double cascadeRate(List<String> screeners, int n, int batch) {
        List<FineTuneRecord> all = records(n);
        try (ScreeningCascade cascade = ScreenerRegistry.cascade(screeners, settings)) {
            cascade.screen(all.subList(0, Math.min(batch, n)));
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i += batch) {
                cascade.screen(all.subList(i, Math.min(n, i + batch)));
            }
            return n / ((System.nanoTime() - t0) / 1e9);
        }
    }

    /**
     * The embedding screener in process (the sentence encoder and the classifier, no Kafka) at each batch size, in
     * records per second (two encoder inputs per record); returns the best, the rate the embedding path is held to.
     */
    double embeddingCeiling(int n) {
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "in process, embedding (%s), records/s at batch",
            settings.get(EmbeddingScreener.MODEL)));
        double best = 0;
        for (int batch : ENCODER_BATCHES) {
            double rate = cascadeRate(List.of(EmbeddingScreener.NAME), n, batch);
            best = Math.max(best, rate);
            line.append(String.format(Locale.ROOT, " %d: %.1f", batch, rate));
        }
        out.println(line);
        out.printf(Locale.ROOT, "in process, embedding, best: %.1f records/s (the embedding path's ceiling)%n", best);
        return best;
    }

    private static List<FineTuneRecord> records(int n) {
        List<FineTuneRecord> all = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            all.add(AuditorBenchBroker.record(i));
        }
        return all;
    }
}
