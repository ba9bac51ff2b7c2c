package dev.safeflow.testbed.bench;

import dev.safeflow.trainer.SapConfig.Variant;
import dev.safeflow.trainer.TrainingConfig;
import dev.safeflow.trainer.TrainingMethod;
import java.util.Arrays;
import java.util.stream.Collectors;

/** The fine-tuning methods the safety benchmark compares, each a setting of the trainer's own step. */
public enum BenchMethod {
    /** Plain LoRA SFT: the undefended baseline. */
    SFT("sft"),
    /** SAP in the published code's order (DESIGN.md "SAP, precisely"), ĝ recomputed every step. */
    SAP_REFERENCE("sap-reference"),
    /** SAP as the paper's Algorithm 1 writes it. */
    SAP_PAPER("sap-paper"),
    /** The reference order reusing ĝ for four steps: about a third of SAP's extra cost. */
    SAP_EVERY4("sap-every4"),
    /**
     * The control: the reference order with a random unit direction in place of the harmful one, drawn
     * afresh every step. If it defends as well as SAP, the probe, not the safety direction, is the cause.
     */
    SAP_RANDOM_DIRECTION("sap-random-direction"),
    /**
     * The reference order with the in-training poison filter on ({@code trainer.filter.*} at its defaults):
     * does leaving out the examples that move θ along the harmful direction add to SAP's own defence?
     */
    SAP_FILTER("sap-filter"),
    /**
     * sap-every4 with the probes refreshed every fourth step too ({@code trainer.sap.probe-every 4}) and held in
     * between: three steps in four are one task pass. Does holding v cost safety?
     */
    SAP_EVERY4_PROBE4("sap-every4-probe4");

    private final String label;

    BenchMethod(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** {@code base} with this method's step; SAP's hyperparameters are kept as {@code base} has them. */
    public TrainingConfig apply(TrainingConfig base) {
        return switch (this) {
            case SFT -> base.withMethod(TrainingMethod.SFT);
            case SAP_REFERENCE -> sap(base, Variant.REFERENCE, 1, 1);
            case SAP_PAPER -> sap(base, Variant.PAPER, 1, 1);
            case SAP_EVERY4 -> sap(base, Variant.REFERENCE, 4, 1);
            case SAP_RANDOM_DIRECTION -> sap(base, Variant.RANDOM_DIRECTION, 1, 1);
            case SAP_FILTER -> sap(base, Variant.REFERENCE, 1, 1).withFilter(base.filter().withEnabled(true));
            case SAP_EVERY4_PROBE4 -> sap(base, Variant.REFERENCE, 4, 4);
        };
    }

    /** SAP in {@code variant} with ĝ and the probes refreshed every {@code directionEvery} and {@code probeEvery} steps. */
    private static TrainingConfig sap(TrainingConfig base, Variant variant, int directionEvery, int probeEvery) {
        // probe-every 1 first: the paper variant refuses any other, so the variant can change whatever base holds.
        return base.withMethod(TrainingMethod.SAP)
                .withSap(base.sap().withProbeEvery(1).withVariant(variant, directionEvery).withProbeEvery(probeEvery));
    }

    public static BenchMethod parse(String label) {
        for (BenchMethod m : values()) {
            if (m.label.equals(label)) {
                return m;
            }
        }
        throw new IllegalArgumentException("benchmark method '" + label + "' is unknown: use one of "
                + Arrays.stream(values()).map(BenchMethod::label).collect(Collectors.joining(", ")));
    }
}
