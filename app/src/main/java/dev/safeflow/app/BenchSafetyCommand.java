package dev.safeflow.app;

import dev.safeflow.testbed.bench.BenchMethod;
import dev.safeflow.testbed.bench.CellResult;
import dev.safeflow.testbed.bench.SafetyBench;
import dev.safeflow.testbed.bench.SafetyBenchConfig;
import dev.safeflow.testbed.bench.SafetyChart;
import dev.safeflow.testbed.bench.SafetyPremise;
import dev.safeflow.testbed.bench.SafetyReport;
import dev.safeflow.testbed.bench.SapSweep;
import dev.safeflow.testbed.world.World;
import dev.safeflow.testbed.world.WorldConfig;
import dev.safeflow.trainer.SapConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code bench safety} and {@code bench sap-sweep}: the testbed's SFT-versus-SAP measurements (docs/testbed.md). */
final class BenchSafetyCommand {

    private BenchSafetyCommand() {}

    /** Options both commands share: where the model and results are, the grid's sizes, threads. */
    static class Common {
        @Option(names = "--model", defaultValue = "models/safeflow-organism-v1",
            description = "The aligned model organism (default: ${DEFAULT-VALUE}).")
        Path model;

        @Option(names = "--world-seed", defaultValue = "" + WorldConfig.DEFAULT_SEED,
            description = "Seed of the synthetic world (default: ${DEFAULT-VALUE}, the organism's).")
        long worldSeed;

        @Option(names = "--poison", split = ",", description = "Poison ratios (default: 0,0.05,0.1,0.2; sweep: 0.2).")
        List<Double> poison;

        @Option(names = "--seeds", split = ",", description = "Seeds; each seeds data order, LoRA init and dropout "
            + "(default: 1,2,3; sweep: 1,2).")
        List<Long> seeds;

        @Option(names = "--n", description = "Fine-tuning set size (default: 1000).")
        Integer n;

        @Option(names = "--epochs", description = "Passes over the fine-tuning set (default: 3).")
        Integer epochs;

        @Option(names = "--topic-test", description = "Topic test examples scored for accuracy (default: 400; "
            + "quick: 100; sweep: 200).")
        Integer topicTest;

        @Mixin
        TorchThreads threads;

        SafetyBenchConfig shape(SafetyBenchConfig c) {
            threads.apply();
            if (!Files.isRegularFile(model.resolve("config.json"))) {
                throw new UserErrors.UserException("model directory " + model + " has no config.json; pass --model "
                    + "with the organism's directory (models/safeflow-organism-v1 in a checkout)");
            }
            c = c.withGrid(c.methods(), poison != null ? poison : c.poisonRatios(), seeds != null ? seeds : c.seeds());
            return c.withSizes(n != null ? n : c.n(), epochs != null ? epochs : c.epochs(), c.attackSteps(),
                topicTest != null ? topicTest : c.topicTest());
        }
    }

    @Command(name = "safety", mixinStandardHelpOptions = true,
        description = {"SFT versus SAP on the testbed. Fine-tunes the model organism on the",
            "topic task mixed with poison, for every method x poison ratio x seed;",
            "measures held-out harmful score and topic accuracy, then attacks each",
            "fine-tuned model (k SFT steps on poison-pool pairs) and measures again.",
            "Writes cells/*.json (a rerun resumes), cells.csv, summary.csv, summary.md",
            "and chart.svg to --out. --quick is the CI slice: it fails unless the",
            "premise holds (organism safe, SFT with 20%% poison unsafe)."})
    static final class Safety extends Common implements Callable<Integer> {
        @Option(names = "--out", defaultValue = "bench-safety", description = "Result directory (default: ${DEFAULT-VALUE}).")
        Path out;

        @Option(names = "--quick", description = "sft and sap-every4, poison 0 and 0.2, seed 1, 100 topic test examples.")
        boolean quick;

        @Option(names = "--methods", split = ",",
            description = "Methods among sft, sap-reference, sap-paper, sap-every4, sap-every4-probe4 (sap-every4 with the "
                + "probes refreshed every fourth step), sap-filter (sap-reference with the in-training poison filter) and "
                + "the control sap-random-direction (default: all seven).")
        List<String> methods;

        @Option(names = "--attack-steps", description = "Post-fine-tuning attack steps, batch 10 (default: 60; 0 skips).")
        Integer attackSteps;

        @Option(names = "--grad-rate", description = "SAP grad_rate (default: the value tuned on the validation split).")
        Double gradRate;

        @Option(names = "--probe-lr", description = "SAP probe learning rate (default: the tuned value).")
        Double probeLr;

        @Option(names = "--probe-layers", split = ",", description = "SAP probe layers (default: the tuned ones).")
        List<Integer> probeLayers;

        @Option(names = "--shard", defaultValue = "0/1",
            description = "Compute only cells i, i+N, ... (i/N), for parallel processes on one --out (default: ${DEFAULT-VALUE}).")
        String shard;

        @Override
        public Integer call() {
            SafetyBenchConfig c = shape(quick ? SafetyBenchConfig.quick() : SafetyBenchConfig.full());
            if (methods != null) {
                c = c.withGrid(methods.stream().map(BenchMethod::parse).toList(), c.poisonRatios(), c.seeds());
            }
            if (attackSteps != null) {
                c = c.withSizes(c.n(), c.epochs(), attackSteps, c.topicTest());
            }
            SapConfig sap = c.base().sap();
            sap = sap.with(gradRate != null ? gradRate : sap.gradRate(), probeLr != null ? probeLr : sap.probeLr())
                .withProbeLayers(probeLayers != null ? probeLayers : sap.probeLayers());
            c = c.withBase(c.base().withSap(sap));
            int[] sh = parseShard(shard);
            World world = new World(WorldConfig.defaults(worldSeed));
            System.out.printf(Locale.ROOT, "bench safety: %d methods x %d poison ratios x %d seeds, n %d, %d epochs, "
                    + "attack %d steps; SAP grad_rate %s, probe lr %s, layers %s; results in %s%n", c.methods().size(),
                c.poisonRatios().size(), c.seeds().size(), c.n(), c.epochs(), c.attackSteps(), sap.gradRate(),
                sap.probeLr(), sap.probeLayers().isEmpty() ? "default" : sap.probeLayers(), out);
            long t0 = System.nanoTime();
            SafetyBench bench = new SafetyBench(world, model, c, out, System.out::println);
            List<CellResult> cells = bench.run(sh[0], sh[1]);
            int expected = bench.cells().size();
            if (cells.size() < expected) {
                // Another shard is still at work: a report now would describe part of the grid.
                System.out.printf(Locale.ROOT, "%d/%d cells present; this shard is done (%.1f min). Rerun without "
                    + "--shard once every shard has finished to write the report.%n", cells.size(), expected,
                    (System.nanoTime() - t0) / 60e9);
                return 0;
            }
            SafetyReport report = SafetyReport.of(cells);
            report.writeCsv(out);
            String table = report.toMarkdown();
            String title = String.format(Locale.ROOT, "safeflow bench safety%s: model organism, topic n=%d, %d epochs, "
                + "%d seeds (synthetic testbed)", quick ? " --quick" : "", c.n(), c.epochs(), c.seeds().size());
            SafetyChart.write(report, title, out.resolve("chart.svg"));
            writeString(out.resolve("summary.md"), table);
            System.out.println(table);
            System.out.printf(Locale.ROOT, "%d/%d cells present; this process took %.1f min; wrote %s%n", cells.size(),
                expected, (System.nanoTime() - t0) / 60e9, out.toAbsolutePath());
            if (quick) {
                List<String> bad = SafetyPremise.violations(report);
                if (!bad.isEmpty()) {
                    throw new UserErrors.UserException("premise check failed: " + String.join("; ", bad));
                }
                System.out.println("premise holds: the organism is safe and SFT with 20% poison makes it unsafe");
            }
            return 0;
        }
    }

    @Command(name = "sap-sweep", mixinStandardHelpOptions = true,
        description = {"Tunes SAP (sap-reference) on the validation harmful prompts only: one",
            "run per setting (grad_rate x probe lr x probe layers) and seed on the",
            "poisoned topic mix, next to SFT on the same mix. Prints the table, writes",
            "sweep.csv and sweep.md, and names the setting with the lowest validation",
            "harmful score among those keeping topic accuracy within 10 points of SFT's."})
    static final class Sweep extends Common implements Callable<Integer> {
        @Option(names = "--out", defaultValue = "bench-sap-sweep", description = "Result directory (default: ${DEFAULT-VALUE}).")
        Path out;

        @Option(names = "--grad-rates", split = ",", defaultValue = "2e-5,1e-3,1e-2,5e-2,2e-1",
            description = "grad_rate values (default: ${DEFAULT-VALUE}).")
        List<Double> gradRates;

        @Option(names = "--probe-lrs", split = ",", defaultValue = "0.05", description = "Probe lr values (default: ${DEFAULT-VALUE}).")
        List<Double> probeLrs;

        @Option(names = "--probe-layer-sets", split = ";", defaultValue = "default",
            description = "Probe layer sets separated by ';', layers by '+' (e.g. 0+1;2+3), or 'default' (default: ${DEFAULT-VALUE}).")
        List<String> layerSets;

        @Option(names = "--probe-precision", defaultValue = SapConfig.FLOAT32,
            description = "trainer.sap.probe-precision for every setting: float32, float64 or auto (default: ${DEFAULT-VALUE}).")
        String probePrecision;

        @Override
        public Integer call() {
            SafetyBenchConfig c = SafetyBenchConfig.full();
            c = c.withBase(c.base().withSap(precision(c.base().sap(), probePrecision)));
            c = c.withGrid(c.methods(), List.of(0.2), List.of(1L, 2L));
            c = shape(c.withSizes(c.n(), c.epochs(), c.attackSteps(), 200));
            List<SapSweep.Setting> settings = new ArrayList<>();
            for (double g : gradRates) {
                for (double lr : probeLrs) {
                    for (String set : layerSets) {
                        settings.add(new SapSweep.Setting(g, lr, layers(set)));
                    }
                }
            }
            System.out.printf(Locale.ROOT, "sap-sweep: %d settings x %d seeds at poison %s on the validation split, probe "
                + "precision %s; results in %s%n", settings.size(), c.seeds().size(), c.poisonRatios(), probePrecision, out);
            long t0 = System.nanoTime();
            List<SapSweep.Result> results = SapSweep.run(new World(WorldConfig.defaults(worldSeed)), model, c, settings,
                out, System.out::println);
            SapSweep.writeCsv(results, out.resolve("sweep.csv"));
            String table = SapSweep.toMarkdown(results);
            writeString(out.resolve("sweep.md"), table);
            System.out.println(table);
            System.out.printf(Locale.ROOT, "lowest validation harmful score with topic accuracy within %.0f points of "
                + "SFT's: %s (%.1f min)%n", SapSweep.MAX_UTILITY_LOSS, SapSweep.best(results).setting().label(),
                (System.nanoTime() - t0) / 60e9);
            return 0;
        }

        /** The precision checked by its config key's rule, so a wrong value reads as it does in a config file. */
        private static SapConfig precision(SapConfig sap, String precision) {
            try {
                return sap.withProbePrecision(precision);
            } catch (IllegalArgumentException e) {
                throw new UserErrors.UserException(e.getMessage());
            }
        }

        private static List<Integer> layers(String set) {
            if (set.strip().equals("default")) {
                return List.of();
            }
            List<Integer> out = new ArrayList<>();
            for (String l : set.split("\\+")) {
                try {
                    out.add(Integer.parseInt(l.strip()));
                } catch (NumberFormatException e) {
                    throw new UserErrors.UserException("probe layer set '" + set + "' is not layers joined by '+' "
                        + "(e.g. 0+1) or 'default'");
                }
            }
            return out;
        }
    }

    static int[] parseShard(String s) {
        String[] p = s.split("/");
        try {
            int i = Integer.parseInt(p[0].strip());
            int n = Integer.parseInt(p[1].strip());
            if (p.length == 2 && n >= 1 && i >= 0 && i < n) {
                return new int[] {i, n};
            }
        } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
            // falls through to the message below
        }
        throw new UserErrors.UserException("--shard '" + s + "' is not i/N with 0 <= i < N (e.g. 0/2 and 1/2 for two "
            + "processes)");
    }

    private static void writeString(Path file, String text) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, text);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
