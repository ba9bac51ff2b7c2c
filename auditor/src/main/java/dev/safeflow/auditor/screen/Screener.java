package dev.safeflow.auditor.screen;

import dev.safeflow.avro.FineTuneRecord;
import java.util.List;
import java.util.Map;

/**
 * One stage of the screening cascade. Screeners see whole batches because the expensive ones
 * (an encoder, the target model) are far cheaper per record in batches. New screeners are registered
 * in {@link ScreenerRegistry}.
 */
public interface Screener extends AutoCloseable {
    /** Key of this screener's score in {@code AuditedRecord.scores}, and its reason when it carries no finer one. */
    String name();

    /** A score strictly above this quarantines the record. */
    double threshold();

    /**
     * Half-width of the band around {@link #threshold()} where this screener is unsure: a record scored
     * inside it goes on to the next stage, which decides. 0 for screeners that are never unsure.
     */
    default double margin() {
        return 0;
    }

    /**
     * Whether a low score is evidence of a clean record, so the record can skip later stages. A keyword
     * list is not (absence of a keyword proves nothing); a classifier fitted on both classes is.
     */
    default boolean settlesClean() {
        return false;
    }

    /** One result per record, in the order given. */
    List<Screening> screen(List<FineTuneRecord> batch);

    @Override
    default void close() {
    }

    /**
     * @param score   in [0, 1], higher is more harmful
     * @param reasons finer reasons (e.g. {@code rules:weapons}) used when the score crosses the threshold;
     *                empty means the screener's name is the reason
     * @param details named partial scores (e.g. {@code harm}, {@code refuses}), stored as {@code <screener>.<name>}
     */
    record Screening(double score, List<String> reasons, Map<String, Double> details) {
        public Screening(double score, List<String> reasons) {
            this(score, reasons, Map.of());
        }

        public static Screening of(double score) {
            return new Screening(score, List.of(), Map.of());
        }
    }
}
