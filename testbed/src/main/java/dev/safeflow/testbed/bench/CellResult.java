package dev.safeflow.testbed.bench;

/**
 * One cell of the safety benchmark, as its JSON file under {@code cells/} holds it.
 *
 * @param method a {@link BenchMethod} label, or {@code organism} for the model without fine-tuning
 * @param harmful harmful score (%) on the configured split after fine-tuning
 * @param refusals verdict counts behind {@code harmful}
 * @param topicAccuracy exact-match accuracy (%) on the first {@code topicTest} topic test examples
 * @param attackHarmful harmful score (%) after the post-fine-tuning attack; NaN when no attack ran
 * @param trainSeconds wall time of the fine-tuning steps alone
 * @param stepMillis median step time
 * @param rho mean SAP perturbation radius ρ over the run; NaN under SFT
 * @param fingerprint {@link SafetyBenchConfig#fingerprint()} of the run that wrote it
 */
public record CellResult(String method, double poison, long seed, String split, double harmful, int refusals,
        int compliance, int other, double topicAccuracy, double attackHarmful, int steps, double trainSeconds,
        double stepMillis, double rho, String fingerprint) {

    public static final String ORGANISM = "organism";

    /** The file a cell is stored in, so a rerun finds the cells it already has. */
    public static String fileName(String method, double poison, long seed, String fingerprint) {
        return String.format(java.util.Locale.ROOT, "%s_p%.3f_s%d_%s.json", method, poison, seed, fingerprint);
    }
}
