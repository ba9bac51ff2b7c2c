package dev.safeflow.trainer;

import dev.safeflow.schemas.config.ConfigKey;
import dev.safeflow.schemas.config.ConfigKey.Type;
import dev.safeflow.schemas.config.Settings;
import java.util.Arrays;
import java.util.List;

/**
 * SAP's own settings (DESIGN.md, "SAP, precisely"), and the configuration keys that set them: each
 * setting is declared once, here, and the record checks every value against its key's rule, so a
 * value that bypasses configuration (a CLI flag, a benchmark) is refused with the same sentence.
 *
 * @param variant which order of passes a step takes; see {@link Variant}
 * @param gradRate ρ = gradRate·‖θ‖; the reference uses 2e-5
 * @param temperature T in the contrastive loss; 1 in the reference
 * @param probeLr AdamW learning rate of the probe vectors v; 0.05 in the reference
 * @param directionEvery reuse the normalised harmful direction ĝ for this many steps; 1 is the published method,
 *     larger values trade fidelity for the cost of one contrastive forward and backward
 * @param paperBeta the {@code paper} variant's v_safe = β·grad_v
 * @param probeLayers layers that carry a probe; empty means floor(0.1·L) and floor(0.3·L)
 * @param probePrecision {@code float32}, or {@code float64}: the probe gradient's two passes on a float64 copy of the
 *     model, accurate at any grad_rate (docs/trainer.md, "Probe-gradient accuracy"), or {@code auto}: first order in
 *     ρ below a crossover grad_rate, float32 above
 * @param probeEvery take the probe pass (step 3) and v's AdamW step every this many steps and hold v in between,
 *     when the steps train θ against the held v with one task pass, as SFT with the probes in place; 1 is the
 *     published method. Only the {@code reference} order and its control take it.
 */
public record SapConfig(Variant variant, double gradRate, double temperature, double probeLr, int directionEvery,
        double paperBeta, List<Integer> probeLayers, String probePrecision, int probeEvery) {

    /** The order of passes of one SAP step. */
    public enum Variant {
        /** The published code's order (DESIGN.md steps 1–5); the default. */
        REFERENCE("reference"),
        /** Algorithm 1 of the paper: four passes, v_safe = β·grad_v. */
        PAPER("paper"),
        /**
         * A control for experiments: the reference order with ĝ replaced by a random direction of the same
         * per-tensor norms; it asks whether SAP's effect comes from the harmful direction or from probing at all.
         */
        RANDOM_DIRECTION("random-direction");

        private final String id;

        Variant(String id) {
            this.id = id;
        }

        /** The name configuration, checkpoint events and method names use. */
        public String id() {
            return id;
        }

        /** The variant named {@code text} (case-insensitive), or an error listing the names. */
        public static Variant parse(String text) {
            for (Variant v : values()) {
                if (v.id.equalsIgnoreCase(text.trim())) {
                    return v;
                }
            }
            throw new IllegalArgumentException("not one of " + names());
        }

        public static String names() {
            return String.join(", ", Arrays.stream(values()).map(Variant::id).toList());
        }

        /** The id, so {@link TrainingConfig#hash()} of existing checkpoints stays what it was. */
        @Override
        public String toString() {
            return id;
        }
    }

    public static final String FLOAT32 = "float32";
    public static final String FLOAT64 = "float64";
    public static final String AUTO = "auto";

    public static final ConfigKey<Variant> VARIANT = ConfigKey.of("trainer.sap.variant",
            Type.simple(String.join("|", Arrays.stream(Variant.values()).map(Variant::id).toList()), Variant::parse),
            Variant.REFERENCE, "reference is the published code's order; paper is Algorithm 1; random-direction is a "
                + "control for experiments (reference with a random direction instead of the harmful one)");
    public static final ConfigKey<Double> GRAD_RATE = ConfigKey.of("trainer.sap.grad-rate", Type.DOUBLE, 2e-5,
            "rho = grad-rate x |theta|, the radius of the harmful perturbation")
            .validatedBy(x -> x >= 0 && Double.isFinite(x), "0 or more");
    public static final ConfigKey<Double> TEMPERATURE = ConfigKey.of("trainer.sap.temperature", Type.DOUBLE, 1.0,
            "Temperature T of the contrastive loss").validatedBy(x -> x > 0 && Double.isFinite(x), "positive");
    public static final ConfigKey<Double> PROBE_LR = ConfigKey.of("trainer.sap.probe-lr", Type.DOUBLE, 0.05,
            "AdamW learning rate of the probe vectors").validatedBy(x -> x >= 0 && Double.isFinite(x), "0 or more");
    public static final ConfigKey<Integer> DIRECTION_EVERY = ConfigKey.of("trainer.sap.direction-every", Type.INT, 1,
            "Recompute the harmful direction every k steps; 1 is the published method, larger is cheaper")
            .validatedBy(x -> x >= 1, "at least 1");
    public static final ConfigKey<Double> PAPER_BETA = ConfigKey.of("trainer.sap.paper-beta", Type.DOUBLE, 0.05,
            "The paper variant's v_safe = beta x grad_v").validatedBy(Double::isFinite, "a finite number");
    public static final ConfigKey<List<String>> PROBE_LAYERS = ConfigKey.of("trainer.sap.probe-layers", Type.LIST,
            List.of(), "Layers with a probe, like 3,9; empty means floor(0.1 L) and floor(0.3 L)")
            .validatedBy(SapConfig::layerNumbers, "layer numbers of 0 or more, like 3,9");
    public static final ConfigKey<String> PROBE_PRECISION = ConfigKey.of("trainer.sap.probe-precision",
            Type.oneOf(FLOAT32, FLOAT64, AUTO), FLOAT32, "float64 computes the probe gradient on a float64 copy of the"
                + " model: accurate at small grad-rate (float32 leaves about 6e-8 / grad-rate relative error), at the cost"
                + " of the copy's memory and slower passes; auto takes it to first order in rho (a Hessian-vector"
                + " product, one pass) below grad-rate 5e-5 and as float32 above")
            .validatedBy(x -> FLOAT32.equals(x) || FLOAT64.equals(x) || AUTO.equals(x),
                    FLOAT32 + ", " + FLOAT64 + " or " + AUTO);

    public static final ConfigKey<Integer> PROBE_EVERY = ConfigKey.of("trainer.sap.probe-every", Type.INT, 1,
            "Refresh the probes every k steps and hold them in between; 1 is the published method, larger skips the"
                + " probe pass (about one task pass) on k-1 of every k steps (reference variant only)")
            .validatedBy(x -> x >= 1, "at least 1");

    public static final List<ConfigKey<?>> KEYS = List.of(VARIANT, GRAD_RATE, TEMPERATURE, PROBE_LR, DIRECTION_EVERY,
            PAPER_BETA, PROBE_LAYERS, PROBE_PRECISION, PROBE_EVERY);

    /** The SAP settings of {@code s}. */
    public static SapConfig from(Settings s) {
        return new SapConfig(s.get(VARIANT), s.get(GRAD_RATE), s.get(TEMPERATURE), s.get(PROBE_LR), s.get(DIRECTION_EVERY),
                s.get(PAPER_BETA), layers(s.get(PROBE_LAYERS)), s.get(PROBE_PRECISION), s.get(PROBE_EVERY));
    }

    public static SapConfig defaults() {
        return new SapConfig(VARIANT.defaultValue(), GRAD_RATE.defaultValue(), TEMPERATURE.defaultValue(),
                PROBE_LR.defaultValue(), DIRECTION_EVERY.defaultValue(), PAPER_BETA.defaultValue(), List.of(),
                PROBE_PRECISION.defaultValue(), PROBE_EVERY.defaultValue());
    }

    /** Settings with float32 probe passes. */
    public SapConfig(Variant variant, double gradRate, double temperature, double probeLr, int directionEvery,
            double paperBeta, List<Integer> probeLayers) {
        this(variant, gradRate, temperature, probeLr, directionEvery, paperBeta, probeLayers, FLOAT32);
    }

    /** Settings with the probes refreshed every step. */
    public SapConfig(Variant variant, double gradRate, double temperature, double probeLr, int directionEvery,
            double paperBeta, List<Integer> probeLayers, String probePrecision) {
        this(variant, gradRate, temperature, probeLr, directionEvery, paperBeta, probeLayers, probePrecision, 1);
    }

    public SapConfig {
        if (variant == null) {
            throw new IllegalArgumentException(VARIANT.name() + " is missing: use one of " + Variant.names());
        }
        check(GRAD_RATE, gradRate);
        check(TEMPERATURE, temperature);
        check(PROBE_LR, probeLr);
        check(DIRECTION_EVERY, directionEvery);
        check(PAPER_BETA, paperBeta);
        probeLayers = List.copyOf(probeLayers);
        check(PROBE_LAYERS, probeLayers.stream().map(String::valueOf).toList());
        check(PROBE_PRECISION, probePrecision);
        check(PROBE_EVERY, probeEvery);
        if (variant == Variant.PAPER && probeEvery != 1) {
            throw new IllegalArgumentException(PROBE_EVERY.name() + " applies to the reference variant only (the paper"
                    + " variant's v_safe is rebuilt from each step's passes): set it to 1 or use variant reference");
        }
    }

    /** Whether the probe gradient is computed on a float64 copy of the model. */
    public boolean float64Probe() {
        return FLOAT64.equals(probePrecision);
    }

    /** Whether small grad_rates take the probe gradient to first order in ρ (docs/trainer.md). */
    public boolean autoProbe() {
        return AUTO.equals(probePrecision);
    }

    /**
     * The record's text without the precision when it is float32 and without probeEvery when it is 1, so
     * {@link TrainingConfig#hash()} of checkpoints written before those keys existed stays what it was.
     */
    @Override
    public String toString() {
        return "SapConfig[variant=" + variant + ", gradRate=" + gradRate + ", temperature=" + temperature + ", probeLr="
                + probeLr + ", directionEvery=" + directionEvery + ", paperBeta=" + paperBeta + ", probeLayers="
                + probeLayers + (!FLOAT32.equals(probePrecision) ? ", probePrecision=" + probePrecision : "")
                + (probeEvery != 1 ? ", probeEvery=" + probeEvery : "") + "]";
    }

    /** The same sentence configuration loading gives for a value outside its key's rule. */
    private static <T> void check(ConfigKey<T> key, T value) {
        if (!key.check().test(value)) {
            throw new IllegalArgumentException(key.name() + " must be " + key.rule() + ", got " + value);
        }
    }

    private static boolean layerNumbers(List<String> layers) {
        try {
            return layers.stream().mapToInt(Integer::parseInt).allMatch(l -> l >= 0);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** Parses {@link #PROBE_LAYERS}' value; the key's rule has already accepted it. */
    static List<Integer> layers(List<String> text) {
        return text.stream().map(s -> Integer.parseInt(s.trim())).toList();
    }

    public SapConfig with(double newGradRate, double newProbeLr) {
        return new SapConfig(variant, newGradRate, temperature, newProbeLr, directionEvery, paperBeta, probeLayers,
                probePrecision, probeEvery);
    }

    public SapConfig withProbeLayers(List<Integer> newProbeLayers) {
        return new SapConfig(variant, gradRate, temperature, probeLr, directionEvery, paperBeta, newProbeLayers,
                probePrecision, probeEvery);
    }

    public SapConfig withVariant(Variant newVariant, int newDirectionEvery) {
        return new SapConfig(newVariant, gradRate, temperature, probeLr, newDirectionEvery, paperBeta,
                probeLayers, probePrecision, probeEvery);
    }

    public SapConfig withProbePrecision(String precision) {
        return new SapConfig(variant, gradRate, temperature, probeLr, directionEvery, paperBeta, probeLayers, precision,
                probeEvery);
    }

    public SapConfig withProbeEvery(int newProbeEvery) {
        return new SapConfig(variant, gradRate, temperature, probeLr, directionEvery, paperBeta, probeLayers,
                probePrecision, newProbeEvery);
    }
}
