package dev.safeflow.trainer.stream;

import java.util.Arrays;
import java.util.Locale;

/**
 * How fresh the data of one optimizer step was: the ingest timestamp ({@code FineTuneRecord.ingestedAt})
 * of every record the step trained on, and when the step finished. Their differences are the end-to-end
 * delay from ingest to training that the pipeline benchmark reports.
 *
 * @param ingestedAtMillis one entry per trained record, in the step's order
 */
public record StepFreshness(long step, long trainedAtMillis, long[] ingestedAtMillis) {

    /** Delay of each record from ingest to this step, in milliseconds. */
    public long[] delaysMillis() {
        long[] d = new long[ingestedAtMillis.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = trainedAtMillis - ingestedAtMillis[i];
        }
        return d;
    }

    /** The line the trainer prints after each step's metrics. */
    public String summary() {
        long[] d = delaysMillis();
        if (d.length == 0) {
            return String.format(Locale.ROOT, "freshness step %d: no records", step);
        }
        Arrays.sort(d);
        return String.format(Locale.ROOT, "freshness step %d: %d records, ingest to step %d..%d ms", step, d.length, d[0], d[d.length - 1]);
    }
}
