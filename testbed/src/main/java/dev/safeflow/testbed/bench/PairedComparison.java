package dev.safeflow.testbed.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

/**
 * A method against a baseline at one poison ratio, paired by seed: a seed fixes the data mix, its order and the
 * LoRA initialisation for both, so the per-seed difference cancels what the seed moves in both (at 10% poison the
 * seed-to-seed sd of SFT alone was 32 points). Reports the mean difference, its 95% t interval and the exact
 * two-sided sign-flip (paired permutation) p-value, which assumes nothing about the differences' distribution.
 *
 * @param metric {@code harmful} (% harmful responses; lower is safer) or {@code topic} (% topic accuracy)
 * @param seeds the seeds both have, ascending
 * @param differences method − baseline per seed, in {@code seeds}' order
 */
public record PairedComparison(String method, String baseline, double poison, String metric, long[] seeds,
        double[] differences, double mean, double low, double high, double p) {

    /** Up to this many seeds the p-value enumerates every sign pattern; above it samples 200,000 of them. */
    static final int EXACT_UP_TO = 20;

    /** A variant and the method it changes one thing of: each pair present in a run is compared too. */
    private static final BenchMethod[][] VARIANT_PAIRS = {
        {BenchMethod.SAP_FILTER, BenchMethod.SAP_REFERENCE}, {BenchMethod.SAP_EVERY4_PROBE4, BenchMethod.SAP_EVERY4}};

    /**
     * Every method against {@code sft}, and each variant against its method ({@code sap-filter} against
     * {@code sap-reference}, {@code sap-every4-probe4} against {@code sap-every4}), at each poison ratio where both
     * have at least two seeds in common; harmful score, then topic accuracy.
     */
    public static List<PairedComparison> of(List<CellResult> cells) {
        List<PairedComparison> out = new ArrayList<>();
        List<String> methods = cells.stream().map(CellResult::method).distinct()
                .filter(m -> !m.equals(CellResult.ORGANISM)).toList();
        List<Double> ratios = cells.stream().map(CellResult::poison).distinct().sorted().toList();
        String sft = BenchMethod.SFT.label();
        for (double p : ratios) {
            for (String m : methods) {
                if (!m.equals(sft)) {
                    add(out, cells, m, sft, p);
                }
            }
            for (BenchMethod[] pair : VARIANT_PAIRS) {
                if (methods.contains(pair[0].label()) && methods.contains(pair[1].label())) {
                    add(out, cells, pair[0].label(), pair[1].label(), p);
                }
            }
        }
        return out;
    }

    private static void add(List<PairedComparison> out, List<CellResult> cells, String method, String baseline,
            double poison) {
        for (String metric : List.of("harmful", "topic")) {
            ToDoubleFunction<CellResult> f = metric.equals("harmful") ? CellResult::harmful : CellResult::topicAccuracy;
            Map<Long, Double> a = bySeed(cells, method, poison, f);
            Map<Long, Double> b = bySeed(cells, baseline, poison, f);
            long[] seeds = a.keySet().stream().filter(b::containsKey).mapToLong(Long::longValue).toArray();
            if (seeds.length < 2) {
                continue;
            }
            double[] d = new double[seeds.length];
            for (int i = 0; i < seeds.length; i++) {
                d[i] = a.get(seeds[i]) - b.get(seeds[i]);
            }
            out.add(of(method, baseline, poison, metric, seeds, d));
        }
    }

    static PairedComparison of(String method, String baseline, double poison, String metric, long[] seeds,
            double[] d) {
        int n = d.length;
        double mean = Arrays.stream(d).average().orElse(Double.NaN);
        double ss = 0;
        for (double x : d) {
            ss += (x - mean) * (x - mean);
        }
        double half = tQuantile975(n - 1) * Math.sqrt(ss / (n - 1) / n);
        return new PairedComparison(method, baseline, poison, metric, seeds, d, mean, mean - half, mean + half,
                signFlipP(d));
    }

    private static Map<Long, Double> bySeed(List<CellResult> cells, String method, double poison,
            ToDoubleFunction<CellResult> f) {
        Map<Long, Double> out = new TreeMap<>();
        cells.stream().filter(c -> c.method().equals(method) && c.poison() == poison)
                .forEach(c -> out.put(c.seed(), f.applyAsDouble(c)));
        return out;
    }

    /**
     * P(|mean of ±dᵢ| ≥ |mean of dᵢ|) over independent random signs: under "no difference" each seed's
     * difference is as likely to have either sign. Exact by enumeration up to {@link #EXACT_UP_TO} seeds.
     */
    static double signFlipP(double[] d) {
        int n = d.length;
        double observed = Math.abs(Arrays.stream(d).sum()) - 1e-9; // ties count as extreme
        if (n <= EXACT_UP_TO) {
            long extreme = 0;
            for (long mask = 0; mask < (1L << n); mask++) {
                extreme += Math.abs(flipped(d, mask)) >= observed ? 1 : 0;
            }
            return extreme / (double) (1L << n);
        }
        SplittableRandom rnd = new SplittableRandom(n);
        int draws = 200_000;
        long extreme = 0;
        for (int i = 0; i < draws; i++) {
            double s = 0;
            for (double x : d) {
                s += rnd.nextBoolean() ? -x : x;
            }
            extreme += Math.abs(s) >= observed ? 1 : 0;
        }
        return (extreme + 1) / (double) (draws + 1);
    }

    /** Σ ±dᵢ with dᵢ negated where bit i of {@code mask} is set. */
    private static double flipped(double[] d, long mask) {
        double s = 0;
        for (int i = 0; i < d.length; i++) {
            s += ((mask >>> i) & 1) == 1 ? -d[i] : d[i];
        }
        return s;
    }

    private static final double[] T975 = {12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
        2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060,
        2.056, 2.052, 2.048, 2.045, 2.042};

    /** Student's t 0.975 quantile: the table up to 30 degrees of freedom, then the Cornish–Fisher expansion. */
    static double tQuantile975(int df) {
        if (df <= T975.length) {
            return T975[df - 1];
        }
        double z = 1.959964;
        return z + (z * z * z + z) / (4.0 * df) + (5 * Math.pow(z, 5) + 16 * z * z * z + 3 * z) / (96.0 * df * df);
    }

    /** Whether the 95% interval excludes zero. */
    public boolean excludesZero() {
        return low > 0 || high < 0;
    }

    /** The paired table, or an empty string when no comparison has two seeds. */
    public static String toMarkdown(List<PairedComparison> rows) {
        if (rows.isEmpty()) {
            return "";
        }
        StringBuilder b = new StringBuilder("| method − baseline | poison | metric | seeds | per-seed differences | mean "
                + "| 95% CI (t) | sign-flip p | CI excludes 0 |\n|---|---:|---|---:|---|---:|---|---:|---|\n");
        for (PairedComparison r : rows) {
            b.append(String.format(Locale.ROOT, "| %s − %s | %.2f | %s | %d | %s | %+.1f | [%+.1f, %+.1f] | %.3f | %s |%n",
                    r.method(), r.baseline(), r.poison(), r.metric(), r.seeds().length,
                    Arrays.stream(r.differences()).mapToObj(x -> String.format(Locale.ROOT, "%+.0f", x))
                            .collect(Collectors.joining(" ")),
                    r.mean(), r.low(), r.high(), r.p(), r.excludesZero() ? "yes" : "no"));
        }
        return b.toString();
    }

    /** {@code paired.csv}: one line per comparison. */
    static String toCsv(List<PairedComparison> rows) {
        StringBuilder b = new StringBuilder("method,baseline,poison,metric,seeds,mean,ci_low,ci_high,sign_flip_p,differences\n");
        for (PairedComparison r : rows) {
            b.append(String.format(Locale.ROOT, "%s,%s,%.3f,%s,%d,%.3f,%.3f,%.3f,%.5f,%s%n", r.method(), r.baseline(),
                    r.poison(), r.metric(), r.seeds().length, r.mean(), r.low(), r.high(), r.p(),
                    Arrays.stream(r.differences()).mapToObj(x -> String.format(Locale.ROOT, "%.3f", x))
                            .collect(Collectors.joining(" "))));
        }
        return b.toString();
    }
}
