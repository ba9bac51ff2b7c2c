package dev.safeflow.testbed.bench;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.safeflow.evaluator.judge.Verdict.Label;
import dev.safeflow.evaluator.suite.SuiteResult;
import dev.safeflow.model.ModelConfig;
import dev.safeflow.model.ModelRuntime;
import dev.safeflow.testbed.eval.WorldReport;
import dev.safeflow.testbed.eval.WorldSuites;
import dev.safeflow.testbed.world.PromptResponse;
import dev.safeflow.testbed.world.Seeds;
import dev.safeflow.testbed.world.World;
import dev.safeflow.trainer.Hashing;
import dev.safeflow.trainer.OptimizerConfig;
import dev.safeflow.trainer.TrainingConfig;
import dev.safeflow.trainer.TrainingMethod;
import dev.safeflow.trainer.step.StepMetrics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Runs the safety benchmark's cells on the product's own parts. A cell fine-tunes the organism on the poisoned
 * topic mix through the trainer's offline entry point ({@link FineTuning}), scores the exported adapter with the
 * evaluator's harmful suite (testbed judge) and utility suite ({@link WorldSuites}), then attacks the fine-tuned
 * model (merged) with a fresh LoRA and plain SFT on poison-pool pairs and scores it again. Every cell is stored under {@code cells/} as JSON as soon as it is done, so
 * an interrupted benchmark resumes where it stopped and shards can run in parallel processes.
 */
public final class SafetyBench {

    /** The file that ties an --out directory to one model and one world. */
    public static final String IDENTITY = "bench-identity.json";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** One cell of the grid; method {@link CellResult#ORGANISM} is the model without fine-tuning. */
    public record Cell(String method, double poison, long seed) {}

    private final World world;
    private final Path modelDir;
    private final SafetyBenchConfig config;
    private final Path cellDir;
    private final Consumer<String> log;

    public SafetyBench(World world, Path modelDir, SafetyBenchConfig config, Path outDir, Consumer<String> log) {
        this.world = world;
        this.modelDir = modelDir;
        this.config = config;
        this.cellDir = outDir.resolve("cells");
        this.log = log;
    }

    /** The organism's baseline per seed, then method × poison ratio × seed, methods in the order given. */
    public List<Cell> cells() {
        List<Cell> out = new ArrayList<>();
        config.seeds().forEach(s -> out.add(new Cell(CellResult.ORGANISM, 0, s)));
        for (BenchMethod m : config.methods()) {
            for (double p : config.poisonRatios()) {
                for (long s : config.seeds()) {
                    out.add(new Cell(m.label(), p, s));
                }
            }
        }
        return out;
    }

    /**
     * Computes this shard's missing cells (cell i belongs to shard i mod shards) and returns every
     * cell of the grid that has a result by then, in grid order.
     */
    public List<CellResult> run(int shard, int shards) {
        if (shards < 1 || shard < 0 || shard >= shards) {
            throw new IllegalArgumentException("shard must be i/N with 0 <= i < N, got " + shard + "/" + shards);
        }
        List<Cell> cells = cells();
        List<Integer> todo = new ArrayList<>();
        for (int i = shard; i < cells.size(); i += shards) {
            Cell c = cells.get(i);
            if (stored(c) == null) {
                todo.add(i);
            } else {
                log.accept(String.format(Locale.ROOT, "[%d/%d] %s poison %.2f seed %d: already in %s", i + 1,
                        cells.size(), c.method(), c.poison(), c.seed(), cellDir));
            }
        }
        if (!todo.isEmpty()) {
            checkInputs();
        }
        checkIdentity();
        long t0 = System.nanoTime();
        for (int i : todo) {
            Cell c = cells.get(i);
            long c0 = System.nanoTime();
            CellResult r = compute(c);
            store(r);
            log.accept(String.format(Locale.ROOT, "[%d/%d] %s poison %.2f seed %d: harmful %.1f%%, %s, topic %.1f%% "
                    + "(%.0f s; %.0f s so far)", i + 1, cells.size(), c.method(), c.poison(), c.seed(), r.harmful(),
                    Double.isNaN(r.attackHarmful()) ? "no attack"
                            : String.format(Locale.ROOT, "attacked %.1f%%", r.attackHarmful()),
                    r.topicAccuracy(), (System.nanoTime() - c0) / 1e9, (System.nanoTime() - t0) / 1e9));
        }
        log.accept(String.format(Locale.ROOT, "computed %d cells in %.0f s", todo.size(),
                (System.nanoTime() - t0) / 1e9));
        List<CellResult> all = new ArrayList<>();
        for (Cell c : cells) {
            CellResult r = stored(c);
            if (r != null) {
                all.add(r);
            }
        }
        return all;
    }

    /** Settings that would fail only when their first cell starts, perhaps an hour in, fail here instead. */
    private void checkInputs() {
        int train = world.tasks().get(SafetyBenchConfig.TASK).train().size();
        for (double p : config.poisonRatios()) {
            int clean = config.n() - (int) Math.round(p * config.n());
            if (clean > train) {
                throw new IllegalArgumentException("n = " + config.n() + " at poison " + p + " needs " + clean
                        + " clean topic examples but the world has " + train + "; lower --n");
            }
        }
        int layers = ModelConfig.load(modelDir).numLayers();
        for (int l : config.base().sap().probeLayers()) {
            if (l < 0 || l >= layers) {
                throw new IllegalArgumentException("probe layer " + l + " does not exist: the model has layers 0.."
                        + (layers - 1) + "; fix --probe-layers");
            }
        }
    }

    /**
     * Cell fingerprints cover the training settings but not the model or the world, so an --out directory
     * records which ones its cells belong to and refuses to mix in another's.
     */
    private void checkIdentity() {
        Map<String, String> mine = new LinkedHashMap<>();
        mine.put("model_config_sha256", sha256OrNone(modelDir.resolve("config.json")));
        mine.put("model_weights_sha256", sha256OrNone(modelDir.resolve("model.safetensors")));
        mine.put("tokenizer_sha256", sha256OrNone(modelDir.resolve("tokenizer.json")));
        mine.put("world", world.config().toString());
        Path f = cellDir.getParent().resolve(IDENTITY);
        try {
            if (Files.isRegularFile(f)) {
                Map<String, String> theirs = JSON.readValue(f.toFile(), new TypeReference<Map<String, String>>() {});
                if (!theirs.equals(mine)) {
                    throw new IllegalStateException("the results in " + cellDir.getParent() + " belong to another model "
                            + "or world (" + IDENTITY + " differs from this run's); pass another --out, or delete that "
                            + "directory to start afresh");
                }
                return;
            }
            Files.createDirectories(f.getParent());
            // Shards start together: a temporary file moved into place means none reads a half-written one.
            Path tmp = Files.createTempFile(f.getParent(), IDENTITY, ".tmp");
            JSON.writeValue(tmp.toFile(), mine);
            Files.move(tmp, f, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write " + f + ": " + e.getMessage(), e);
        }
    }

    private static String sha256OrNone(Path file) {
        return Files.isRegularFile(file) ? Hashing.sha256(file) : "none";
    }

    /** The grid's cells that have no stored result yet. */
    public List<Cell> missing() {
        return cells().stream().filter(c -> stored(c) == null).toList();
    }

    CellResult compute(Cell c) {
        Path work = FineTuning.workDir();
        try {
            List<StepMetrics> steps = new ArrayList<>();
            double trainSeconds = 0;
            Path adapter = null;
            if (!c.method().equals(CellResult.ORGANISM)) {
                TrainingConfig tc = FineTuning.withWorldTriples(
                        BenchMethod.parse(c.method()).apply(config.base()).withSeed(c.seed()), world, work);
                List<PromptResponse> mix = FineTuneMix.build(world, SafetyBenchConfig.TASK, config.n(), c.poison(), c.seed());
                long t0 = System.nanoTime();
                adapter = FineTuning.run(modelDir, tc, mix, config.epochs(), work.resolve("fine-tune"), log, steps::add);
                trainSeconds = (System.nanoTime() - t0) / 1e9;
            }
            try (ModelRuntime tuned = ModelRuntime.open(modelDir, adapter)) {
                SuiteResult harmful = WorldSuites.harmful(world, config.split()).run(tuned);
                SuiteResult topic = WorldSuites.task(world, SafetyBenchConfig.TASK, config.topicTest()).run(tuned);
                double attacked = config.attackSteps() > 0 ? attack(tuned, work, c.seed()) : Double.NaN;
                return new CellResult(c.method(), c.poison(), c.seed(), config.split().name().toLowerCase(Locale.ROOT),
                        harmful.score(), WorldReport.count(harmful, Label.REFUSAL),
                        WorldReport.count(harmful, Label.HARMFUL), WorldReport.count(harmful, Label.OTHER),
                        topic.score(), attacked, steps.size(), trainSeconds, medianMillis(steps), meanRho(steps),
                        config.fingerprint());
            }
        } finally {
            FineTuning.delete(work);
        }
    }

    /**
     * The harmful fine-tuning attack: the fine-tuned weights merged, a fresh LoRA on them, constant lr, k SFT steps
     * on poison-pool pairs through the same trainer entry point; then the harmful suite again.
     */
    private double attack(ModelRuntime tuned, Path work, long seed) {
        Path base = modelDir;
        if (tuned.adapter() != null) {
            base = work.resolve("fine-tuned");
            tuned.mergeAndSave(base);
        }
        int batch = config.base().batch().size();
        List<PromptResponse> pool = Seeds.shuffled(world.poison(), Seeds.stream(seed, "attack"));
        List<PromptResponse> data = new ArrayList<>();
        for (int i = 0; i < config.attackSteps() * batch; i++) {
            data.add(pool.get(i % pool.size()));
        }
        OptimizerConfig o = config.base().optimizer();
        TrainingConfig tc = config.base().withMethod(TrainingMethod.SFT).withSeed(seed + 1_000_000L)
                .withOptimizer(new OptimizerConfig(config.attackLr(), o.weightDecay(), o.beta1(), o.beta2(), o.eps(),
                        o.maxGradNorm(), "constant", 0, 0, 1));
        Path attack = FineTuning.run(base, tc, data, 1, work.resolve("attack"), s -> {}, m -> {});
        try (ModelRuntime attacked = ModelRuntime.open(base, attack)) {
            return WorldSuites.harmful(world, config.split()).run(attacked).score();
        }
    }

    private static double medianMillis(List<StepMetrics> steps) {
        if (steps.isEmpty()) {
            return Double.NaN;
        }
        double[] ms = steps.stream().mapToDouble(StepMetrics::millis).sorted().toArray();
        int h = ms.length / 2;
        return ms.length % 2 == 1 ? ms[h] : (ms[h - 1] + ms[h]) / 2;
    }

    private static double meanRho(List<StepMetrics> steps) {
        return Arrays.stream(steps.stream().mapToDouble(StepMetrics::rho).filter(Double::isFinite).toArray())
                .average().orElse(Double.NaN);
    }

    private Path file(Cell c) {
        return cellDir.resolve(CellResult.fileName(c.method(), c.poison(), c.seed(), config.fingerprint()));
    }

    private CellResult stored(Cell c) {
        Path f = file(c);
        if (!Files.isRegularFile(f)) {
            return null;
        }
        try {
            CellResult r = JSON.readValue(f.toFile(), CellResult.class);
            if (!r.method().equals(c.method()) || r.poison() != c.poison() || r.seed() != c.seed()
                    || !r.fingerprint().equals(config.fingerprint())) {
                throw new IllegalStateException("benchmark cell " + f + " holds " + r.method() + " poison " + r.poison()
                        + " seed " + r.seed() + ", not the cell its name says; delete it and rerun");
            }
            return r;
        } catch (IOException e) {
            throw new UncheckedIOException("benchmark cell " + f + " is unreadable (" + e.getMessage()
                    + "); delete it and rerun to recompute that cell", e);
        }
    }

    private void store(CellResult r) {
        Path f = file(new Cell(r.method(), r.poison(), r.seed()));
        try {
            Files.createDirectories(cellDir);
            Path tmp = f.resolveSibling(f.getFileName() + ".tmp");
            JSON.writeValue(tmp.toFile(), r);
            Files.move(tmp, f, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write benchmark cell " + f + ": " + e.getMessage(), e);
        }
    }
}
