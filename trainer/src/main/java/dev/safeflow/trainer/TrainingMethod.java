package dev.safeflow.trainer;

import java.util.Arrays;
import java.util.Locale;

/** How a step trains: plain supervised fine-tuning, or SAP (its variant is in {@link SapConfig}). */
public enum TrainingMethod {
    SAP("sap"),
    SFT("sft");

    private final String id;

    TrainingMethod(String id) {
        this.id = id;
    }

    /** The name in settings ({@code trainer.method}), on the command line and in the configuration hash. */
    public String id() {
        return id;
    }

    /** The method whose {@link #id()} is {@code name} (any case); otherwise an error naming the choices. */
    public static TrainingMethod parse(String name) {
        String wanted = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(m -> m.id.equals(wanted)).findFirst().orElseThrow(() ->
            new IllegalArgumentException("method '" + name + "' is unknown: use " + String.join(" or ", ids())));
    }

    /** Every id, in declaration order. */
    public static String[] ids() {
        return Arrays.stream(values()).map(TrainingMethod::id).toArray(String[]::new);
    }

    @Override
    public String toString() {
        return id;
    }
}
