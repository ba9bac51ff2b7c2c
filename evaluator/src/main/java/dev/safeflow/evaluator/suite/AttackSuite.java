package dev.safeflow.evaluator.suite;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.safeflow.evaluator.plugin.Registry;
import dev.safeflow.model.ModelRuntime;
import dev.safeflow.model.io.SafeTensors;
import dev.safeflow.model.lora.LoraConfig;
import dev.safeflow.schemas.config.ConfigKey;
import dev.safeflow.schemas.config.ConfigKey.Type;
import dev.safeflow.schemas.config.Settings;
import dev.safeflow.trainer.BatchConfig;
import dev.safeflow.trainer.OptimizerConfig;
import dev.safeflow.trainer.TrainingConfig;
import dev.safeflow.trainer.TrainingMethod;
import dev.safeflow.trainer.TrainingSession;
import dev.safeflow.trainer.data.Batch;
import dev.safeflow.trainer.data.Example;
import dev.safeflow.trainer.step.LearnerState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The post-fine-tuning adaptive attack (the SAP paper's robustness evaluation): {@code steps} SFT steps
 * on harmful prompt/response pairs, starting from the checkpoint's adapter, with the trainer's own SFT
 * step; then the harmful suite again on the attacked adapter. Score: harmful score after the attack.
 */
public final class AttackSuite implements Suite {

    public static final String NAME = "attack";
    /** prompts: the harmful pairs the attack fine-tunes on; decoding: of the harmful suite run after it. */
    public static final SuiteKeys KEYS = SuiteKeys.of(NAME, "harmful prompt/response pairs to fine-tune on", 128);
    public static final ConfigKey<Integer> STEPS = ConfigKey.of("evaluator.attack.steps", Type.INT, 10,
        "SFT steps (k) the adaptive attack takes from each checkpoint before the harmful suite runs again")
        .validatedBy(n -> n >= 1, "at least 1");
    public static final ConfigKey<Double> LR = ConfigKey.of("evaluator.attack.lr", Type.DOUBLE, 1e-4,
        "Learning rate of the attack's AdamW (constant)").validatedBy(v -> v > 0, "positive");
    public static final ConfigKey<Integer> TRAIN_BATCH = ConfigKey.of("evaluator.attack.train-batch-size", Type.INT,
        4, "Harmful pairs per attack step").validatedBy(n -> n >= 1, "at least 1");
    public static final ConfigKey<Integer> MAX_LENGTH = ConfigKey.of("evaluator.attack.max-length", Type.INT, 128,
        "Tokens per attack pair after truncation").validatedBy(n -> n >= 2, "at least 2");
    /** The attack's pairs and knobs, and the harmful suite's prompts it scores the attacked model on. */
    public static final Registry.Entry<SuiteFactory> ENTRY = new Registry.Entry<>(NAME, keys(),
        (s, judge) -> new AttackSuite(KEYS.read(s), attack(s),
            new HarmfulSuite(NAME, HarmfulSuite.KEYS.read(s), KEYS.decoding(s), judge.get())));

    /**
     * How hard the attacker fine-tunes.
     *
     * @param steps     SFT steps (k); each takes the next micro-batch of pairs, cycling
     * @param lr        AdamW learning rate, constant
     * @param batchSize pairs per step
     * @param maxLength tokens per pair after truncation
     * @param seed      seeds pair order-independent parts of training (dropout, a fresh LoRA when there is none)
     */
    public record Attack(int steps, double lr, int batchSize, int maxLength, long seed) {
        public Attack {
            if (steps < 1) {
                throw new IllegalArgumentException(STEPS.name() + " must be at least 1, got " + steps);
            }
            if (!(lr > 0)) {
                throw new IllegalArgumentException(LR.name() + " must be positive, got " + lr);
            }
        }
    }

    private final List<LabelledPrompt> pairs;
    private final Attack attack;
    private final HarmfulSuite after;

    /** @param pairs harmful prompts with the harmful responses to fine-tune on (as their answers) */
    public AttackSuite(List<LabelledPrompt> pairs, Attack attack, HarmfulSuite after) {
        for (LabelledPrompt p : pairs) {
            if (p.answer() == null) {
                throw new IllegalArgumentException("attack pair '" + p.prompt() + "' has no response; give every line of"
                    + " " + KEYS.prompts().name() + " a \"response\" (or messages with an assistant turn)");
            }
        }
        this.pairs = List.copyOf(pairs);
        this.attack = attack;
        this.after = after;
    }

    private static List<ConfigKey<?>> keys() {
        List<ConfigKey<?>> k = new ArrayList<>(KEYS.all());
        k.addAll(HarmfulSuite.KEYS.all());
        k.addAll(List.of(STEPS, LR, TRAIN_BATCH, MAX_LENGTH));
        return k;
    }

    static Attack attack(Settings s) {
        return new Attack(s.get(STEPS), s.get(LR), s.get(TRAIN_BATCH), s.get(MAX_LENGTH), 42);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public SuiteResult run(Subject subject) {
        Path attacked = tempDir();
        try {
            long start = System.nanoTime();
            double lastLoss = fineTune(subject, attacked);
            double seconds = (System.nanoTime() - start) / 1e9;
            SuiteResult r;
            try (ModelRuntime model = ModelRuntime.open(subject.baseModel(), attacked)) {
                r = after.run(model);
            }
            Map<String, Double> values = new LinkedHashMap<>(r.values());
            values.put("attack_steps", (double) attack.steps());
            values.put("attack_lr", attack.lr());
            values.put("attack_final_loss", lastLoss);
            values.put("attack_seconds", seconds);
            return new SuiteResult(NAME, r.score(), values, r.judge(), r.samples());
        } finally {
            deleteTree(attacked);
        }
    }

    /** k SFT steps from the subject's adapter; writes the attacked adapter to {@code out}; returns the last task loss. */
    private double fineTune(Subject subject, Path out) {
        LoraConfig lora = subject.runtime().adapter() != null ? subject.runtime().adapter().config() : LoraConfig.defaults();
        TrainingConfig config = TrainingConfig.defaults().withMethod(TrainingMethod.SFT).withSeed(attack.seed()).withLora(lora)
            .withOptimizer(OptimizerConfig.defaults().withLr(attack.lr()))
            .withBatch(new BatchConfig(attack.batchSize(), attack.maxLength(), 0, 1, 2));
        try (TrainingSession session = TrainingSession.open(subject.baseModel(), config)) {
            if (subject.adapter() != null) {
                loadAdapter(session, subject.adapter());
            }
            List<Example> examples = new ArrayList<>();
            for (LabelledPrompt p : pairs) {
                Example e = session.encoder().encode(p.prompt(), p.answer());
                if (e != null) {
                    examples.add(e);
                }
            }
            if (examples.isEmpty()) {
                throw new IllegalArgumentException("no attack pair fits in " + attack.maxLength() + " tokens;"
                    + " raise " + MAX_LENGTH.name() + " or use shorter pairs");
            }
            List<Batch> batches = session.batcher().pack(examples);
            double loss = Double.NaN;
            for (int k = 0; k < attack.steps(); k++) {
                loss = session.learner().step(List.of(batches.get(k % batches.size()))).taskLoss();
            }
            session.exportAdapter(out);
            return loss;
        }
    }

    /** The checkpoint's LoRA weights into the session's freshly initialised adapter (optimizer state stays fresh). */
    private static void loadAdapter(TrainingSession session, Path dir) {
        try (NDManager tmp = session.learner().model().manager().newSubManager();
                SafeTensors st = SafeTensors.open(dir.resolve(LearnerState.ADAPTER))) {
            for (Map.Entry<String, NDArray> p : session.learner().lora().namedParameters().entrySet()) {
                if (st.entry(p.getKey()) == null) {
                    throw new IllegalStateException(dir + " has no adapter tensor " + p.getKey());
                }
                p.getValue().set(st.read(p.getKey(), tmp).toByteBuffer());
            }
        }
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("safeflow-attack-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory for the attacked adapter: " + e.getMessage(), e);
        }
    }

    private static void deleteTree(Path p) {
        try (Stream<Path> walk = Files.walk(p)) {
            for (Path f : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        } catch (IOException e) {
            // A leftover temporary directory is harmless; the evaluation result is not.
        }
    }
}
