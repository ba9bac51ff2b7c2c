package dev.safeflow.auditor.screen;

import dev.safeflow.auditor.Reasons;
import dev.safeflow.avro.FineTuneRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs screeners in order, cheapest first. A record flagged by one stage skips the later ones: its
 * verdict cannot change, and the expensive stages then see only what the cheap ones let through.
 * A screener that throws, or answers for the wrong number of records, quarantines its whole batch
 * with {@code screener-error:<name>}: failing closed is the only safe choice for a gate in front of a trainer.
 */
public final class ScreeningCascade implements AutoCloseable {
    private final List<Screener> screeners;

    public ScreeningCascade(List<Screener> screeners) {
        this.screeners = List.copyOf(screeners);
    }

    public List<Screener> screeners() {
        return screeners;
    }

    /** The outcome for one record: every score computed and the reasons to quarantine (empty when clean). */
    public record Result(Map<String, Double> scores, List<String> reasons) {
        public boolean flagged() {
            return !reasons.isEmpty();
        }
    }

    public List<Result> screen(List<FineTuneRecord> batch) {
        List<Map<String, Double>> scores = new ArrayList<>();
        List<List<String>> reasons = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            scores.add(new LinkedHashMap<>());
            reasons.add(new ArrayList<>());
        }
        for (Screener screener : screeners) {
            List<Integer> pending = new ArrayList<>();
            for (int i = 0; i < batch.size(); i++) {
                if (reasons.get(i).isEmpty()) {
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
                pending.forEach(i -> reasons.get(i).add(Reasons.SCREENER_ERROR + screener.name()));
                continue;
            }
            for (int j = 0; j < pending.size(); j++) {
                int i = pending.get(j);
                Screener.Screening s = results.get(j);
                scores.get(i).put(screener.name(), s.score());
                if (s.score() > screener.threshold()) {
                    reasons.get(i).addAll(s.reasons().isEmpty() ? List.of(screener.name()) : s.reasons());
                }
            }
        }
        List<Result> out = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            out.add(new Result(scores.get(i), reasons.get(i)));
        }
        return out;
    }

    @Override
    public void close() {
        screeners.forEach(Screener::close);
    }
}
