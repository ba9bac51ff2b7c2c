package dev.safeflow.auditor.screen;

import dev.safeflow.avro.FineTuneRecord;
import java.util.Collections;
import java.util.List;

/**
 * The hook for a model-based screener: a linear probe on the target model's hidden states (as in
 * SAFT / LARF) that scores how far a training example would move the model along its harmfulness
 * direction. Until {@code model/} can serve hidden states to the auditor, this stage scores every
 * record 0 so that enabling it is harmless; an implementation replaces {@link #screen}.
 */
public final class ProbeScreener implements Screener {
    public static final String NAME = "probe";

    private final double threshold;

    public ProbeScreener(double threshold) {
        this.threshold = threshold;
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
        return Collections.nCopies(batch.size(), Screening.of(0.0));
    }
}
