package dev.safeflow.auditor.screen;

import dev.safeflow.avro.FineTuneRecord;
import java.util.List;

/**
 * One stage of the screening cascade. Screeners see whole batches because the expensive ones
 * (an encoder, a probe on the target model) are far cheaper per record in batches.
 */
public interface Screener extends AutoCloseable {
    /** Key of this screener's score in {@code AuditedRecord.scores}, and its reason when it carries no finer one. */
    String name();

    /** A score strictly above this quarantines the record. */
    double threshold();

    /** One result per record, in the order given. */
    List<Screening> screen(List<FineTuneRecord> batch);

    @Override
    default void close() {
    }

    /**
     * @param score   in [0, 1], higher is more harmful
     * @param reasons finer reasons (e.g. {@code rules:weapons}) used when the score crosses the threshold;
     *                empty means the screener's name is the reason
     */
    record Screening(double score, List<String> reasons) {
        public static Screening of(double score) {
            return new Screening(score, List.of());
        }
    }
}
