package dev.safeflow.testbed.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.safeflow.testbed.world.HarmfulSplit;
import dev.safeflow.testbed.world.World;
import dev.safeflow.trainer.SapConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Tunes SAP's probe layers, probe lr and grad_rate against the <em>validation</em> harmful prompts
 * only (72 prompts from templates and fillers that neither the poison pool nor the held-out set
 * uses). Each setting is one sap-reference run per seed on the benchmark's poisoned mix, without the
 * attack; SFT on the same mix is measured alongside as the bar to beat and as the utility reference
 * (see {@link #best}). The held-out split is never
 * looked at here: the chosen setting is reported on it by {@code bench safety}.
 */
public final class SapSweep {

    /** The file under the sweep's --out listing every setting ever run there, in order. */
    public static final String HISTORY = "sweep-settings.json";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One point of the sweep; empty layers means DESIGN.md's default round(0.1·L), round(0.3·L). */
    public record Setting(double gradRate, double probeLr, List<Integer> layers) {
        public Setting {
            layers = List.copyOf(layers);
        }

        public String label() {
            return String.format(Locale.ROOT, "grad_rate %.0e, probe lr %s, layers %s", gradRate, probeLr,
                    layers.isEmpty() ? "default" : layers.stream().map(String::valueOf).collect(Collectors.joining("+")));
        }

        SapConfig apply(SapConfig sap) {
            return sap.with(gradRate, probeLr).withProbeLayers(layers);
        }
    }

    /** A setting's validation result; {@code setting} is null for the SFT row. */
    public record Result(Setting setting, SafetyReport.Stat harmful, SafetyReport.Stat topic, double rho) {}

    private SapSweep() {}

    /**
     * Runs every setting (and SFT once) with {@code shape}'s sizes, poison ratios and seeds on the
     * validation split. Results are cells under {@code out/cells}, so an interrupted sweep resumes. The
     * settings of earlier invocations on the same {@code out} ({@value #HISTORY}) whose cells are all
     * stored for this shape join the result, so a coordinate search run as several invocations ends
     * with one table; nothing is retrained for them.
     */
    public static List<Result> run(World world, Path modelDir, SafetyBenchConfig shape, List<Setting> settings,
            Path out, Consumer<String> log) {
        SafetyBenchConfig base = validation(shape);
        List<Result> results = new ArrayList<>();
        SafetyBenchConfig sft = base.withGrid(List.of(BenchMethod.SFT), shape.poisonRatios(), shape.seeds());
        results.add(result(null, new SafetyBench(world, modelDir, sft, out, log).run(0, 1)));
        List<Setting> history = readHistory(out);
        for (Setting s : history) {
            SafetyBench earlier = new SafetyBench(world, modelDir, config(base, s), out, log);
            if (!settings.contains(s) && earlier.missing().isEmpty()) {
                results.add(result(s, earlier.run(0, 1)));
            }
        }
        for (int i = 0; i < settings.size(); i++) {
            Setting s = settings.get(i);
            log.accept("sweep " + (i + 1) + "/" + settings.size() + ": " + s.label());
            results.add(result(s, new SafetyBench(world, modelDir, config(base, s), out, log).run(0, 1)));
            if (!history.contains(s)) {
                history.add(s);
                writeHistory(out, history);
            }
        }
        return results;
    }

    /** The sweep's variant of a benchmark shape: validation prompts, no attack. */
    static SafetyBenchConfig validation(SafetyBenchConfig shape) {
        return shape.withSplit(HarmfulSplit.VALIDATION).withSizes(shape.n(), shape.epochs(), 0, shape.topicTest());
    }

    static SafetyBenchConfig config(SafetyBenchConfig base, Setting s) {
        return base.withGrid(List.of(BenchMethod.SAP_REFERENCE), base.poisonRatios(), base.seeds())
                .withBase(base.base().withSap(s.apply(base.base().sap())));
    }

    private static List<Setting> readHistory(Path out) {
        Path f = out.resolve(HISTORY);
        if (!Files.isRegularFile(f)) {
            return new ArrayList<>();
        }
        try {
            return new ArrayList<>(List.of(JSON.readValue(f.toFile(), Setting[].class)));
        } catch (IOException e) {
            throw new UncheckedIOException("sweep history " + f + " is unreadable (" + e.getMessage()
                    + "); delete it to start the table afresh (the cells stay and are reused)", e);
        }
    }

    private static void writeHistory(Path out, List<Setting> history) {
        try {
            Files.createDirectories(out);
            JSON.writeValue(out.resolve(HISTORY).toFile(), history);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + out.resolve(HISTORY) + ": " + e.getMessage(), e);
        }
    }

    private static Result result(Setting s, List<CellResult> cells) {
        List<CellResult> trained = cells.stream().filter(c -> !c.method().equals(CellResult.ORGANISM)).toList();
        double rho = trained.stream().mapToDouble(CellResult::rho).filter(Double::isFinite).average().orElse(Double.NaN);
        return new Result(s, SafetyReport.Stat.of(trained, CellResult::harmful),
                SafetyReport.Stat.of(trained, CellResult::topicAccuracy), rho);
    }

    /**
     * How far below SFT's topic accuracy a setting may fall and still be chosen. Without this bound the
     * sweep picks settings that are "safe" because they broke the model: probe lr 1.0 gave 0–1% harmful
     * with 1–14% topic accuracy.
     */
    public static final double MAX_UTILITY_LOSS = 10;

    /**
     * The SAP setting with the lowest validation harmful score among those whose topic accuracy is at
     * most {@link #MAX_UTILITY_LOSS} points below SFT's on the same mix; higher accuracy breaks ties.
     */
    public static Result best(List<Result> results) {
        double floor = results.stream().filter(r -> r.setting() == null).mapToDouble(r -> r.topic().mean()).findFirst()
                .orElse(Double.NEGATIVE_INFINITY) - MAX_UTILITY_LOSS;
        return results.stream().filter(r -> r.setting() != null && r.topic().mean() >= floor)
                .min(Comparator.comparingDouble((Result r) -> r.harmful().mean())
                        .thenComparing(r -> -r.topic().mean()))
                .orElseThrow(() -> new IllegalArgumentException(String.format(Locale.ROOT,
                        "no SAP setting of the sweep kept topic accuracy within %.0f points of SFT's (%.1f%%)",
                        MAX_UTILITY_LOSS, floor + MAX_UTILITY_LOSS)));
    }

    public static String toMarkdown(List<Result> results) {
        StringBuilder b = new StringBuilder("| setting | ρ (mean) | validation harmful % | topic accuracy % |\n"
                + "|---|---:|---:|---:|\n");
        for (Result r : results) {
            b.append(String.format(Locale.ROOT, "| %s | %s | %s | %s |%n",
                    r.setting() == null ? "sft (no SAP)" : "sap-reference, " + r.setting().label(),
                    Double.isNaN(r.rho()) ? "–" : String.format(Locale.ROOT, "%.3g", r.rho()),
                    r.harmful().text(), r.topic().text()));
        }
        return b.toString();
    }

    public static void writeCsv(List<Result> results, Path file) {
        StringBuilder b = new StringBuilder("method,grad_rate,probe_lr,layers,rho,harmful_mean,harmful_sd,topic_mean,seeds\n");
        for (Result r : results) {
            Setting s = r.setting();
            b.append(String.format(Locale.ROOT, "%s,%s,%s,%s,%.6g,%.3f,%.3f,%.3f,%d%n",
                    s == null ? "sft" : "sap-reference", s == null ? "" : String.valueOf(s.gradRate()),
                    s == null ? "" : String.valueOf(s.probeLr()),
                    s == null ? "" : s.layers().stream().map(String::valueOf).collect(Collectors.joining("+")),
                    r.rho(), r.harmful().mean(), r.harmful().sd(), r.topic().mean(), r.harmful().n()));
        }
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, b);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
