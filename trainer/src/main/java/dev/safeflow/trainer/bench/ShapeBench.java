package dev.safeflow.trainer.bench;

import ai.djl.ndarray.NDManager;
import dev.safeflow.model.Djl;
import dev.safeflow.model.ModelConfig;
import dev.safeflow.model.ModelShapes;
import dev.safeflow.model.bench.GemmPeak;
import dev.safeflow.model.io.ModelLoader;
import dev.safeflow.model.nn.LlamaModel;
import dev.safeflow.trainer.SapConfig;
import dev.safeflow.trainer.TrainingConfig;
import dev.safeflow.trainer.TrainingMethod;
import dev.safeflow.trainer.data.Batch;
import dev.safeflow.trainer.data.Example;
import dev.safeflow.trainer.step.ContrastiveBatches;
import dev.safeflow.trainer.step.Learner;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.stream.Collectors;

/**
 * {@code safeflow bench model}: the trainer's own steps (SFT, then the SAP rows of {@link #SAP_ROWS}, then SFT
 * again when any SAP row ran) on random weights at a published model shape, against the
 * float32 GEMM rate libtorch reaches beside each row (see {@link #run(Config, ModelConfig, PrintStream)}). One model, one method at a time (each method's
 * LoRA adapter attaches to it in turn), LoRA as configured by default (r 8 on q_proj and v_proj).
 *
 * <p>Model FLOPs: a pass (forward and backward) of a frozen-base LoRA step costs 4 FLOPs per weight
 * per token (forward 2, gradient of the activations 2; no weight gradients for frozen weights; the LM head
 * only at the positions the loss reads, the response's, as the step computes it only there), plus
 * attention (QKᵀ and AV, 4·T·d per token per layer forward, twice that backward). SFT makes one task pass;
 * SAP one task pass at θ, the probe pass on the steps that refresh the probes (every step unless probe-every) and
 * the contrastive pass on the steps that recompute ĝ (step % direction-every == 0), see {@link #passes}. The
 * contrastive batch has the task batch's shape (B/2 triples, B rows), a quarter of the defaults' at 4 × 256.
 * With {@code probe-precision float64} the two probe passes run in float64 and a third, float32, pass takes θ's
 * gradient; its utilisation counts the float64 FLOPs against the float32 peak.
 * On a machine shared with other jobs, use one thread and read the CPU-time figures: they count only the
 * time the step actually ran.
 */
public final class ShapeBench {

    /**
     * What to run: a shape from {@link ModelShapes#NAMES}, batch × seqLen tokens, timed steps per method, and
     * which of the SAP rows ({@link #SAP_ROWS}) follow SFT (SFT always runs first: every ratio is against it).
     */
    public record Config(String shape, int batch, int seqLen, int warmup, int steps, List<String> sapRows) {

        public Config {
            for (String row : sapRows) {
                if (!SAP_ROWS.contains(row)) {
                    throw new IllegalArgumentException("SAP row '" + row + "' is unknown: use " + String.join(", ", SAP_ROWS)
                            + " or none");
                }
            }
            sapRows = List.copyOf(sapRows);
        }

        /** Every row. */
        public Config(String shape, int batch, int seqLen, int warmup, int steps) {
            this(shape, batch, seqLen, warmup, steps, SAP_ROWS);
        }
    }

    /**
     * One timed method: its {@code --sap} id (null for SFT, which always runs first), its name in the report and its
     * settings.
     */
    private record Row(String id, String name, TrainingConfig config) {}

    /** Every row, in the order they run: SFT, reference, direction-every 4, that with each probe precision and with probe-every 4. */
    private static List<Row> rows(TrainingConfig base) {
        SapConfig every4 = base.sap().withVariant(SapConfig.Variant.REFERENCE, 4);
        return List.of(new Row(null, SFT, base.withMethod(TrainingMethod.SFT)),
                new Row("reference", "SAP reference", base),
                new Row("every4", "SAP reference, direction-every 4", base.withSap(every4)),
                new Row("every4-float64", "SAP reference, every 4, probe float64",
                        base.withSap(every4.withProbePrecision(SapConfig.FLOAT64))),
                new Row("every4-auto", "SAP reference, every 4, probe auto",
                        base.withSap(every4.withProbePrecision(SapConfig.AUTO))),
                new Row("every4-probe4", "SAP, direction+probe every 4", base.withSap(every4.withProbeEvery(4))));
    }

    /** The SAP rows' ids, in the order they run. */
    public static final List<String> SAP_ROWS = rows(TrainingConfig.defaults()).stream().map(Row::id)
            .filter(Objects::nonNull).toList();

    /**
     * One method's figures: mean step time by wall clock and by the stepping thread's CPU time (the whole
     * cost on one libtorch thread, without the time other processes held the core), task tokens/s and
     * model-FLOPs utilisation by each against {@code peak}, the GEMM rate measured beside the row, and peak RSS while
     * it ran.
     */
    public record Method(String name, double msPerStep, double cpuMsPerStep, double tokensPerSecond, double mfu,
            double cpuMfu, long peakRssMiB, double flopsPerStep, GemmPeak.Rate peak) {

        /** The figures of {@code tokens} per step in {@code t}, with utilisation against {@code peak}. */
        static Method of(String name, Timed t, double tokens, long peakRssMiB, double flopsPerStep, GemmPeak.Rate peak) {
            return new Method(name, t.wallMs(), t.cpuMs(), tokens / (t.wallMs() / 1000),
                    flopsPerStep / (t.wallMs() / 1000) / (peak.wallGflops() * 1e9),
                    flopsPerStep / (t.cpuMs() / 1000) / (peak.cpuGflops() * 1e9), peakRssMiB, flopsPerStep, peak);
        }

        String toText(double sftMs, double sftCpuMs) {
            return String.format("%-34s %8.0f ms/step (%.2fx SFT) %6.1f tokens/s %5.1f%% of %5.1f GFLOP/s | CPU time:"
                    + " %8.0f ms/step (%.2fx SFT) %5.1f%% of %5.1f | peak RSS %,d MiB", name, msPerStep, msPerStep / sftMs,
                    tokensPerSecond, 100 * mfu, peak.wallGflops(), cpuMsPerStep, cpuMsPerStep / sftCpuMs, 100 * cpuMfu,
                    peak.cpuGflops(), peakRssMiB);
        }

        boolean isSft() {
            return name.startsWith(SFT);
        }
    }

    private static final String SFT = "SFT";
    /** The second SFT row's name: timed after the SAP rows, see {@link #run}. */
    static final String SFT_AGAIN = SFT + ", again";

    private ShapeBench() {}

    /** Runs SFT and the chosen SAP rows, printing progress to {@code log}; the result's {@link Result#toText} is the report. */
    public static Result run(Config c, PrintStream log) {
        return run(c, ModelShapes.published(c.shape()), log);
    }

    /**
     * As above on {@code shape} (a published one, or a test's tiny body of it).
     *
     * <p>The machine's speed drifts while a run lasts (3 Dec 2026, one run of a few minutes: the GEMM rate read 169
     * GFLOP/s before the steps and 202 after), so every comparison is made against what was measured beside it: the
     * GEMM rate is measured before every row and after the last, and a row's utilisation is against the higher of the
     * two measurements beside it; with SAP rows, SFT is timed again after them, and every "× SFT" is against the mean
     * of its two rows (a drift in one direction over the run moves both SFT rows' mean as it moves the SAP rows).
     */
    static Result run(Config c, ModelConfig shape, PrintStream log) {
        log.println("measuring the float32 GEMM rate (n = 1024, 2048) ...");
        List<GemmPeak.Rate> rates = new ArrayList<>(List.of(GemmPeak.measure(GEMM_SIZES, GEMM_REPS)));
        List<Method> methods = new ArrayList<>();
        try (NDManager root = Djl.newManager()) {
            log.printf("building random weights at %s's shape ...%n", c.shape());
            Djl.engine().setRandomSeed(1);
            try (LlamaModel model = ModelLoader.random(shape, root)) {
                ContrastiveBatches contrastive = step -> randomBatch(shape.vocabSize(), c.batch(), c.seqLen(), 1000 + step);
                double passFlops = passFlops(shape, (long) c.batch() * c.seqLen(),
                        randomBatch(shape.vocabSize(), c.batch(), c.seqLen(), 0).responseTokens(), c.seqLen());
                for (Row row : plan(c)) {
                    log.printf("%s: at least %d warm-up step%s (more while they still speed up, at most %d), then %d timed ...%n",
                            row.name(), c.warmup(), c.warmup() == 1 ? "" : "s", Math.max(c.warmup(), MAX_WARMUP), c.steps());
                    Rss.resetPeak();
                    Timed t = meanStepMillis(model, row.config(), row.config().isSap() ? contrastive : null, c, log);
                    double flops = passes(row.config(), t.firstStep(), c.steps()) * passFlops;
                    GemmPeak.Rate next = GemmPeak.measure(GEMM_SIZES, GEMM_REPS);
                    Method m = Method.of(row.name(), t, c.batch() * (double) c.seqLen(), Rss.peakKiB() / 1024, flops,
                            higher(rates.get(rates.size() - 1), next));
                    rates.add(next);
                    methods.add(m);
                    log.println(m.toText(methods.get(0).msPerStep(), methods.get(0).cpuMsPerStep()));
                }
            }
        }
        return new Result(c, shape, rates, methods);
    }

    private static final int[] GEMM_SIZES = {1024, 2048};
    private static final int GEMM_REPS = 3;

    /** SFT, the SAP rows the config names, and SFT again when there were any. */
    private static List<Row> plan(Config c) {
        List<Row> all = rows(TrainingConfig.defaults());
        List<Row> plan = new ArrayList<>(all.stream().filter(r -> r.id() == null || c.sapRows().contains(r.id())).toList());
        if (plan.size() > 1) {
            plan.add(new Row(null, SFT_AGAIN, all.get(0).config()));
        }
        return plan;
    }

    static GemmPeak.Rate higher(GemmPeak.Rate a, GemmPeak.Rate b) {
        return new GemmPeak.Rate(Math.max(a.wallGflops(), b.wallGflops()), Math.max(a.cpuGflops(), b.cpuGflops()));
    }

    /** The report: the GEMM rates in the order measured (before each row, then after the last) and each row. */
    public record Result(Config config, ModelConfig shape, List<GemmPeak.Rate> gemm, List<Method> methods) {

        /** The mean wall-clock milliseconds of the SFT rows: what every "× SFT" divides by. */
        public double sftMs() {
            return methods.stream().filter(Method::isSft).mapToDouble(Method::msPerStep).average().orElseThrow();
        }

        /** As {@link #sftMs} by CPU time. */
        public double sftCpuMs() {
            return methods.stream().filter(Method::isSft).mapToDouble(Method::cpuMsPerStep).average().orElseThrow();
        }

        public String toText() {
            StringBuilder b = new StringBuilder();
            b.append(String.format("shape %s (%s): hidden %d, %d layers, %d/%d heads, MLP %d, vocab %,d; batch %d x %d;"
                    + " %d threads%n", config.shape(), ModelShapes.NAMES.get(config.shape()), shape.hiddenSize(),
                    shape.numLayers(), shape.numHeads(), shape.numKvHeads(), shape.intermediateSize(), shape.vocabSize(),
                    config.batch(), config.seqLen(), Djl.threads()));
            b.append(String.format("glibc malloc: MALLOC_MMAP_MAX_=%s, MALLOC_TRIM_THRESHOLD_=%s (./safeflow sets 0 and 1 TiB;"
                    + " unset is glibc's default, which unmaps large tensors on free)%n", env("MALLOC_MMAP_MAX_"),
                    env("MALLOC_TRIM_THRESHOLD_")));
            b.append(String.format("libtorch float32 GEMM rate, before each row and after the last: %s GFLOP/s by wall"
                    + " clock (%s by CPU time); each row's utilisation is against the higher of the two beside it%n",
                    join(gemm, GemmPeak.Rate::wallGflops), join(gemm, GemmPeak.Rate::cpuGflops)));
            double sftMs = sftMs();
            double sftCpuMs = sftCpuMs();
            for (Method m : methods) {
                b.append(m.toText(sftMs, sftCpuMs)).append('\n');
            }
            if (methods.stream().filter(Method::isSft).count() > 1) {
                b.append(String.format("x SFT: against the mean of the two SFT rows, %,.0f ms (%,.0f ms CPU time), timed"
                        + " before and after the SAP rows%n", sftMs, sftCpuMs));
                double faster = methods.stream().filter(Method::isSft).mapToDouble(Method::msPerStep).min().orElseThrow();
                b.append(String.format("against the faster SFT row alone (%,.0f ms): %s%n", faster, methods.stream()
                        .filter(m -> !m.isSft()).map(m -> String.format("%s %.2fx", m.name(), m.msPerStep() / faster))
                        .collect(Collectors.joining(", "))));
            }
            return b.toString();
        }

        private static String env(String name) {
            String v = System.getenv(name);
            return v == null ? "unset" : v;
        }

        private static String join(List<GemmPeak.Rate> rates, java.util.function.ToDoubleFunction<GemmPeak.Rate> f) {
            return rates.stream().map(r -> String.format("%.1f", f.applyAsDouble(r))).collect(Collectors.joining(", "));
        }
    }

    /**
     * Untimed steps go on past {@code --warmup} while each is still this much faster than the one before it, up to
     * {@link #MAX_WARMUP}: a process's first steps run slower for a while (3 Dec 2026, smollm2-135m SFT, one process:
     * 7.1, 4.7, 4.6, 4.4, 4.0, 4.0, 4.1, 4.0, 3.8, 3.8 s), and one warm-up step timed that descent, not the steady step
     * that a training run repeats thousands of times.
     */
    static final double STILL_WARMING = 0.97;
    /** The most untimed steps per method (at least {@code --warmup}). */
    static final int MAX_WARMUP = 8;

    /**
     * Wall and CPU milliseconds per timed step, and the learner's step index of the first timed one: the warm-up's length
     * varies, and which steps refresh ĝ and the probes (and so the FLOPs counted, {@link #passes}) follows that index.
     */
    private record Timed(double wallMs, double cpuMs, int firstStep) {}

    /** See {@link Timed}; the warm-up steps' times go to {@code log}. */
    private static Timed meanStepMillis(LlamaModel model, TrainingConfig config, ContrastiveBatches contrastive,
            Config c, PrintStream log) {
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        try (Learner learner = new Learner(model, config, contrastive)) {
            List<Long> warmup = new ArrayList<>();
            int s = 0;
            while (warmingUp(warmup, c.warmup())) {
                long t0 = System.nanoTime();
                learner.step(List.of(randomBatch(model.config().vocabSize(), c.batch(), c.seqLen(), s++)));
                warmup.add((System.nanoTime() - t0) / 1_000_000);
            }
            if (!warmup.isEmpty()) {
                log.printf("  %d untimed warm-up step%s: %s ms%n", warmup.size(), warmup.size() == 1 ? "" : "s",
                        warmup.stream().map(ms -> String.format("%,d", ms)).collect(Collectors.joining(", ")));
            }
            int firstStep = s;
            double wall = 0;
            double cpuMs = 0;
            for (int timed = 0; timed < c.steps(); timed++, s++) {
                Batch task = randomBatch(model.config().vocabSize(), c.batch(), c.seqLen(), s);
                long t0 = System.nanoTime();
                long c0 = cpu.getCurrentThreadCpuTime();
                learner.step(List.of(task));
                wall += (System.nanoTime() - t0) / 1e6;
                cpuMs += (cpu.getCurrentThreadCpuTime() - c0) / 1e6;
            }
            return new Timed(wall / c.steps(), cpuMs / c.steps(), firstStep);
        }
    }

    /**
     * Whether another untimed step is due: fewer than {@code atLeast} so far, or (when {@code atLeast} is not 0, and
     * under {@link #MAX_WARMUP}) only one so far or the last more than 3% faster than the one before it.
     */
    static boolean warmingUp(List<Long> millis, int atLeast) {
        int n = millis.size();
        if (n < atLeast) {
            return true;
        }
        if (n == 0 || n >= Math.max(atLeast, MAX_WARMUP)) {
            return false; // no warm-up asked, or the cap
        }
        return n == 1 || millis.get(n - 1) < STILL_WARMING * millis.get(n - 2); // one step: nothing to compare it with yet
    }

    /**
     * Forward+backward passes per timed step: one task pass for SFT; for SAP one task pass at θ, plus the probe pass
     * on the steps that refresh the probes (step % probe-every == 0; two float64 passes under probe-precision float64;
     * one under auto, whose pass at θ with a double backward does their work), plus the contrastive pass on the steps
     * that recompute the direction (step % direction-every == 0); over the timed steps {@code firstStep} to
     * {@code firstStep + steps - 1}.
     */
    static double passes(TrainingConfig config, int firstStep, int steps) {
        if (!config.isSap()) {
            return 1;
        }
        SapConfig sap = config.sap();
        double passes = 0;
        for (int s = firstStep; s < firstStep + steps; s++) {
            passes += 1;
            passes += s % sap.probeEvery() == 0 ? (sap.float64Probe() ? 2 : 1) : 0;
            passes += s % sap.directionEvery() == 0 ? 1 : 0;
        }
        return passes / steps;
    }

    /**
     * Model FLOPs of one forward+backward pass over {@code tokens} tokens of sequences of length t, of which
     * {@code scored} are positions the loss reads: only those need the LM head (the step computes it for no
     * other), so the head counts for them alone.
     */
    static double passFlops(ModelConfig s, long tokens, long scored, int t) {
        long h = s.hiddenSize();
        long q = (long) s.numHeads() * s.headDim();
        long kv = (long) s.numKvHeads() * s.headDim();
        long perLayer = h * q + 2 * h * kv + q * h + 3 * h * s.intermediateSize();
        double layers = (double) perLayer * s.numLayers();
        double head = (double) h * s.vocabSize();
        double attention = 4.0 * t * q * s.numLayers(); // QKᵀ and AV per token, forward
        return tokens * (4 * layers + 3 * attention) + scored * 4 * head;
    }

    /** Random ids, the second half of each row as the response (as a trained record would be). */
    static Batch randomBatch(int vocab, int rows, int length, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<Example> ex = new ArrayList<>();
        for (int r = 0; r < rows; r++) {
            int[] ids = new int[length];
            for (int i = 0; i < length; i++) {
                ids[i] = rnd.nextInt(3, vocab);
            }
            ex.add(new Example(ids, length / 2));
        }
        return Batch.of(ex, 0);
    }
}
