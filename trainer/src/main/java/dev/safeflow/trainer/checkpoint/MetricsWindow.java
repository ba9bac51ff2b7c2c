package dev.safeflow.trainer.checkpoint;

import dev.safeflow.trainer.step.StepMetrics;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The metrics a checkpoint carries ({@code trainer_state.json}, {@code CheckpointEvent.metrics}, the
 * dashboard): the last step's values, plus shares over every step since the previous checkpoint, which
 * one step cannot show — how often SAP's harmful direction was zero (SAP then trains like SFT) and how
 * many records the poison filter left out.
 */
public final class MetricsWindow {

    private StepMetrics last;
    private long sapSteps;
    private long zeroDirectionSteps;
    private long filtered = -1; // -1: the filter is off

    public void add(StepMetrics m) {
        last = m;
        if (Double.isFinite(m.directionZero())) {
            sapSteps++;
            zeroDirectionSteps += m.directionZero() > 0 ? 1 : 0;
        }
        if (Double.isFinite(m.filtered())) {
            filtered = Math.max(filtered, 0) + (long) m.filtered();
        }
    }

    /** Finite values only (JSON and Avro carry no NaN); null before the first step, as before. */
    public Map<String, Double> snapshot() {
        if (last == null) {
            return null;
        }
        Map<String, Double> out = new LinkedHashMap<>(last.finiteMap());
        out.remove("direction_zero");
        out.remove("filtered");
        if (filtered >= 0) {
            out.put("filtered_records", (double) filtered);
        }
        if (sapSteps > 0) {
            out.put("direction_zero_share", (double) zeroDirectionSteps / sapSteps);
        }
        return out;
    }

    /** Starts the next checkpoint's window; the last step's values stay until a new step replaces them. */
    public void reset() {
        sapSteps = 0;
        zeroDirectionSteps = 0;
        filtered = filtered >= 0 ? 0 : -1;
    }

    public StepMetrics last() {
        return last;
    }
}
