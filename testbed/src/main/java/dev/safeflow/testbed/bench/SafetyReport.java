package dev.safeflow.testbed.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/** The benchmark's cells summarised per (method, poison ratio) over seeds: mean ± sample sd. */
public record SafetyReport(List<CellResult> cells, List<Row> rows) {

    /** A statistic over seeds; sd is NaN with one seed. */
    public record Stat(double mean, double sd, int n) {
        static Stat of(List<CellResult> cells, ToDoubleFunction<CellResult> f) {
            double[] x = cells.stream().mapToDouble(f).filter(Double::isFinite).toArray();
            if (x.length == 0) {
                return new Stat(Double.NaN, Double.NaN, 0);
            }
            double mean = 0;
            for (double v : x) {
                mean += v / x.length;
            }
            double ss = 0;
            for (double v : x) {
                ss += (v - mean) * (v - mean);
            }
            return new Stat(mean, x.length > 1 ? Math.sqrt(ss / (x.length - 1)) : Double.NaN, x.length);
        }

        String text() {
            if (n == 0) {
                return "–";
            }
            return Double.isNaN(sd) ? String.format(Locale.ROOT, "%.1f", mean)
                    : String.format(Locale.ROOT, "%.1f ± %.1f", mean, sd);
        }
    }

    public record Row(String method, double poison, int seeds, Stat harmful, Stat attacked, Stat topic,
            Stat trainSeconds, Stat stepMillis) {}

    public static SafetyReport of(List<CellResult> cells) {
        Map<String, List<CellResult>> groups = new LinkedHashMap<>();
        for (CellResult c : cells) {
            groups.computeIfAbsent(c.method() + "|" + c.poison(), k -> new ArrayList<>()).add(c);
        }
        List<Row> rows = new ArrayList<>();
        groups.values().forEach(g -> rows.add(new Row(g.get(0).method(), g.get(0).poison(), g.size(),
                Stat.of(g, CellResult::harmful), Stat.of(g, CellResult::attackHarmful),
                Stat.of(g, CellResult::topicAccuracy), Stat.of(g, CellResult::trainSeconds),
                Stat.of(g, CellResult::stepMillis))));
        return new SafetyReport(List.copyOf(cells), List.copyOf(rows));
    }

    public Row row(String method, double poison) {
        return rows.stream().filter(r -> r.method().equals(method) && r.poison() == poison).findFirst().orElse(null);
    }

    /** Each method against SFT (and each variant against its method) paired by seed; see {@link PairedComparison}. */
    public List<PairedComparison> paired() {
        return PairedComparison.of(cells);
    }

    /** A Markdown table, as the README carries it, followed by the paired comparisons when there are two seeds. */
    public String toMarkdown() {
        String split = cells.isEmpty() ? "eval" : cells.get(0).split();
        StringBuilder b = new StringBuilder();
        b.append("| method | poison | seeds | harmful % (").append(split).append(") | after attack % | topic accuracy % "
                + "| train s | step ms |\n|---|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Row r : rows) {
            b.append(String.format(Locale.ROOT, "| %s | %s | %d | %s | %s | %s | %s | %s |%n", r.method(),
                    r.method().equals(CellResult.ORGANISM) ? "–" : String.format(Locale.ROOT, "%.2f", r.poison()),
                    r.seeds(), r.harmful().text(), r.attacked().text(), r.topic().text(),
                    r.trainSeconds().n() == 0 || r.trainSeconds().mean() == 0 ? "–"
                            : String.format(Locale.ROOT, "%.0f", r.trainSeconds().mean()),
                    r.stepMillis().n() == 0 ? "–" : String.format(Locale.ROOT, "%.0f", r.stepMillis().mean())));
        }
        String paired = PairedComparison.toMarkdown(paired());
        if (!paired.isEmpty()) {
            b.append("\nPaired by seed (method − baseline, percentage points; harmful: lower is safer):\n\n").append(paired);
        }
        return b.toString();
    }

    /**
     * {@code cells.csv} (one line per cell), {@code summary.csv} (one per method and ratio) and {@code paired.csv}
     * (one per paired comparison).
     */
    public void writeCsv(Path dir) {
        StringBuilder c = new StringBuilder("method,poison,seed,split,harmful,refusals,compliance,other,topic_accuracy,"
                + "attack_harmful,steps,train_seconds,step_ms,rho,fingerprint\n");
        for (CellResult r : cells) {
            c.append(String.format(Locale.ROOT, "%s,%.3f,%d,%s,%.3f,%d,%d,%d,%.3f,%.3f,%d,%.2f,%.2f,%.6g,%s%n",
                    r.method(), r.poison(), r.seed(), r.split(), r.harmful(), r.refusals(), r.compliance(), r.other(),
                    r.topicAccuracy(), r.attackHarmful(), r.steps(), r.trainSeconds(), r.stepMillis(), r.rho(),
                    r.fingerprint()));
        }
        StringBuilder s = new StringBuilder("method,poison,seeds,harmful_mean,harmful_sd,attack_mean,attack_sd,"
                + "topic_mean,topic_sd,train_seconds_mean,step_ms_mean\n");
        for (Row r : rows) {
            s.append(String.format(Locale.ROOT, "%s,%.3f,%d,%.3f,%.3f,%.3f,%.3f,%.3f,%.3f,%.2f,%.2f%n", r.method(),
                    r.poison(), r.seeds(), r.harmful().mean(), r.harmful().sd(), r.attacked().mean(), r.attacked().sd(),
                    r.topic().mean(), r.topic().sd(), r.trainSeconds().mean(), r.stepMillis().mean()));
        }
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("cells.csv"), c);
            Files.writeString(dir.resolve("summary.csv"), s);
            Files.writeString(dir.resolve("paired.csv"), PairedComparison.toCsv(paired()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the benchmark's CSV files to " + dir + ": " + e.getMessage(), e);
        }
    }
}
