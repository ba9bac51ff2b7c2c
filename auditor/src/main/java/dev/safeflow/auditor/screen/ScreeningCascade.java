package dev.safeflow.auditor.screen;

import dev.safeflow.auditor.Reasons;
import dev.safeflow.avro.FineTuneRecord;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Runs screeners in order, cheapest first. Each stage settles what it is sure of and hands the rest on:
 * a score above {@code threshold + margin} quarantines; a score at or below {@code threshold - margin}
 * clears the record when the screener {@link Screener#settlesClean() settles clean}; anything else goes
 * to the next stage. The last stage decides by its threshold alone. So an expensive stage at the end
 * sees only the records the cheap ones were unsure of. Every step is recorded in the decision path
 * ({@code text=0.412:defer}, {@code hidden-state=0.830:quarantine}).
 * A screener that throws, or answers for the wrong number of records, quarantines its whole batch
 * with {@code screener-error:<name>}: failing closed is the only safe choice for a gate in front of a trainer.
 */
public final class ScreeningCascade implements AutoCloseable {
    public static final String QUARANTINE = "quarantine";
    public static final String CLEAN = "clean";
    /** Not sure: a later stage decides. */
    public static final String DEFER = "defer";
    /** Found nothing, but cannot vouch for the record: a later stage looks too. */
    public static final String PASS = "pass";
    public static final String ERROR = "error";

    private final List<Screener> screeners;

    public ScreeningCascade(List<Screener> screeners) {
        this.screeners = List.copyOf(screeners);
    }

    public List<Screener> screeners() {
        return screeners;
    }

    /** The outcome for one record: every score computed, the reasons to quarantine (empty when clean), and the path. */
    public record Result(Map<String, Double> scores, List<String> reasons, List<String> path) {
        public boolean flagged() {
            return !reasons.isEmpty();
        }
    }

    public List<Result> screen(List<FineTuneRecord> batch) {
        List<Map<String, Double>> scores = new ArrayList<>();
        List<List<String>> reasons = new ArrayList<>();
        List<List<String>> paths = new ArrayList<>();
        boolean[] settled = new boolean[batch.size()];
        for (int i = 0; i < batch.size(); i++) {
            scores.add(new LinkedHashMap<>());
            reasons.add(new ArrayList<>());
            paths.add(new ArrayList<>());
        }
        for (int stage = 0; stage < screeners.size(); stage++) {
            Screener screener = screeners.get(stage);
            boolean last = stage == screeners.size() - 1;
            List<Integer> pending = new ArrayList<>();
            for (int i = 0; i < batch.size(); i++) {
                if (!settled[i]) {
                    pending.add(i);
                }
            }
            if (pending.isEmpty()) {
                break;
            }
            List<Screener.Screening> results;
            try {
                results = screener.screen(pending.stream().map(batch::get).toList());
                if (results.size() != pending.size()) {
                    throw new IllegalStateException(screener.name() + " returned " + results.size() + " results for "
                        + pending.size() + " records");
                }
            } catch (RuntimeException e) {
                for (int i : pending) {
                    reasons.get(i).add(Reasons.SCREENER_ERROR + screener.name());
                    paths.get(i).add(screener.name() + ":" + ERROR);
                    settled[i] = true;
                }
                continue;
            }
            for (int j = 0; j < pending.size(); j++) {
                int i = pending.get(j);
                Screener.Screening s = results.get(j);
                scores.get(i).put(screener.name(), s.score());
                s.details().forEach((k, v) -> scores.get(i).put(screener.name() + "." + k, v));
                String outcome = outcome(screener, s.score(), last);
                paths.get(i).add(screener.name() + "=" + threeDecimals(s.score()) + ":" + outcome);
                if (outcome.equals(QUARANTINE)) {
                    reasons.get(i).addAll(s.reasons().isEmpty() ? List.of(screener.name()) : s.reasons());
                }
                settled[i] = outcome.equals(QUARANTINE) || outcome.equals(CLEAN);
            }
        }
        List<Result> out = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            out.add(new Result(scores.get(i), reasons.get(i), paths.get(i)));
        }
        return out;
    }

    private static String outcome(Screener screener, double score, boolean last) {
        double margin = last ? 0 : screener.margin();
        if (score > screener.threshold() + margin) {
            return QUARANTINE;
        }
        if (last) {
            return CLEAN;
        }
        if (score > screener.threshold() - margin) {
            return DEFER;
        }
        return screener.settlesClean() ? CLEAN : PASS;
    }

    @Override
    public void close() {
        screeners.forEach(Screener::close);
    }

    /**
     * {@code String.format(Locale.ROOT, "%.3f", score)} without the formatter, which took a twentieth of the stream
     * thread per record: the formatter rounds half up from the same shortest decimal that {@link BigDecimal#valueOf}
     * reads, so the two agree ({@code ThreeDecimalsTest} compares them).
     */
    static String threeDecimals(double score) {
        if (!Double.isFinite(score) || Math.copySign(1.0, score) < 0) {
            // Scores are in [0, 1]; anything else keeps the formatter's own spelling (-0.000, NaN, Infinity).
            return String.format(Locale.ROOT, "%.3f", score);
        }
        return BigDecimal.valueOf(score).setScale(3, RoundingMode.HALF_UP).toPlainString();
    }
}
