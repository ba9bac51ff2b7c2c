package dev.safeflow.trainer;

import dev.safeflow.model.Placement;
import dev.safeflow.model.lora.LoraConfig;
import dev.safeflow.schemas.config.ConfigKey;
import dev.safeflow.schemas.config.ConfigKey.Type;
import dev.safeflow.schemas.config.ConfigSpec;
import dev.safeflow.schemas.config.PlatformConfig;
import dev.safeflow.schemas.config.Settings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

/** Every configuration key of the trainer, declared once; defaults are DESIGN.md's reference values. */
public final class TrainerConfig {

    public static final ConfigKey<String> METHOD = ConfigKey.of("trainer.method", Type.oneOf(TrainingMethod.ids()), TrainingMethod.SAP.id(),
            "sap steers updates away from the harmful direction; sft is the plain baseline");
    public static final ConfigKey<Long> SEED = ConfigKey.of("trainer.seed", Type.LONG, 42L,
            "Seeds LoRA init, data order, contrastive batches and dropout; same seed and data give the same adapter");
    public static final ConfigKey<Integer> LORA_R = ConfigKey.of("trainer.lora.r", Type.INT, 8, "LoRA rank")
            .validatedBy(r -> r >= 1, "at least 1");
    public static final ConfigKey<Double> LORA_ALPHA = ConfigKey.of("trainer.lora.alpha", Type.DOUBLE, 8.0,
            "LoRA scale numerator: updates are (alpha / r)·B·A");
    public static final ConfigKey<Double> LORA_DROPOUT = ConfigKey.of("trainer.lora.dropout", Type.DOUBLE, 0.1,
            "Dropout on LoRA inputs in training; 0 makes runs bit-reproducible across batch shapes")
            .validatedBy(d -> d >= 0 && d < 1, "in [0, 1)");
    public static final ConfigKey<List<String>> LORA_TARGETS = ConfigKey.of("trainer.lora.target-modules", Type.LIST,
            List.of("q_proj", "v_proj"), "Projections that get a LoRA update");
    public static final ConfigKey<Double> LR = ConfigKey.of("trainer.lr", Type.DOUBLE, 1e-4,
            "Peak AdamW learning rate of the LoRA tensors").validatedBy(x -> x >= 0, "0 or more");
    public static final ConfigKey<Double> WEIGHT_DECAY = ConfigKey.of("trainer.weight-decay", Type.DOUBLE, 0.01,
            "Decoupled AdamW weight decay").validatedBy(x -> x >= 0, "0 or more");
    public static final ConfigKey<Double> MAX_GRAD_NORM = ConfigKey.of("trainer.max-grad-norm", Type.DOUBLE, 1.0,
            "Clip the joint LoRA gradient norm to this; 0 turns clipping off").validatedBy(x -> x >= 0, "0 or more");
    public static final ConfigKey<String> SCHEDULE = ConfigKey.of("trainer.schedule", Type.oneOf("constant", "cosine"),
            "constant", "Learning-rate schedule after warm-up; cosine decays to 0 at trainer.total-steps");
    public static final ConfigKey<Integer> WARMUP = ConfigKey.of("trainer.warmup-steps", Type.INT, 0,
            "Linear warm-up steps").validatedBy(x -> x >= 0, "0 or more");
    public static final ConfigKey<Long> TOTAL_STEPS = ConfigKey.of("trainer.total-steps", Type.LONG, 0L,
            "Cosine length for streaming runs; offline runs compute it from the data");
    public static final ConfigKey<Integer> ACCUMULATION = ConfigKey.of("trainer.grad-accumulation", Type.INT, 1,
            "Micro-batches summed into one optimizer step").validatedBy(x -> x >= 1, "at least 1");
    public static final ConfigKey<Integer> BATCH_SIZE = ConfigKey.of("trainer.batch.size", Type.INT, 10,
            "Task sequences per micro-batch").validatedBy(x -> x >= 1, "at least 1");
    public static final ConfigKey<Integer> MAX_LENGTH = ConfigKey.of("trainer.batch.max-length", Type.INT, 128,
            "Tokens per task sequence; longer ones are truncated").validatedBy(x -> x >= 2, "at least 2");
    public static final ConfigKey<Integer> MAX_TOKENS = ConfigKey.of("trainer.batch.max-tokens", Type.INT, 0,
            "Also close a micro-batch at this many padded tokens; 0 means by count only").validatedBy(x -> x >= 0, "0 or more");
    public static final ConfigKey<Duration> BATCH_TIMEOUT = ConfigKey.of("trainer.batch.timeout", Type.DURATION,
            Duration.ZERO, "Streaming: train a partial micro-batch after waiting this long; 0 waits for a full one");
    public static final ConfigKey<Integer> CONTRASTIVE_SIZE = ConfigKey.of("trainer.contrastive.batch-size", Type.INT, 8,
            "Triples per contrastive batch").validatedBy(x -> x >= 1, "at least 1");
    public static final ConfigKey<Integer> CONTRASTIVE_MAX_LENGTH = ConfigKey.of("trainer.contrastive.max-length",
            Type.INT, 256, "Tokens per contrastive sequence").validatedBy(x -> x >= 2, "at least 2");
    public static final ConfigKey<String> CONTRASTIVE_FILE = ConfigKey.of("trainer.contrastive-file", Type.STRING, "",
            "JSONL {prompt, safe, harmful} triples; empty uses the set bundled with safeflow");
    public static final ConfigKey<String> CHECKPOINT_DIR = ConfigKey.of("trainer.checkpoint-dir", Type.STRING,
            "data/checkpoints", "Where checkpoint directories are written and resumed from");
    public static final ConfigKey<Integer> CHECKPOINT_EVERY_STEPS = ConfigKey.of("trainer.checkpoint-every-steps",
            Type.INT, 50, "Checkpoint after this many steps; 0 turns the step trigger off").validatedBy(x -> x >= 0, "0 or more");
    public static final ConfigKey<Duration> CHECKPOINT_EVERY = ConfigKey.of("trainer.checkpoint-every", Type.DURATION,
            Duration.ofMinutes(10), "Streaming: also checkpoint after this long with new steps; 0 turns it off");
    public static final ConfigKey<String> RUN_ID = ConfigKey.of("trainer.run-id", Type.STRING, "",
            "Names the run in checkpoint ids and events; empty means the checkpoint directory's name");
    public static final ConfigKey<String> GROUP_ID = ConfigKey.of("trainer.group-id", Type.STRING, "safeflow-trainer",
            "Consumer group the trainer commits offsets under, for monitoring only (checkpoints hold the truth)");
    public static final ConfigKey<Boolean> STOP_WHEN_CAUGHT_UP = ConfigKey.of("trainer.stop-when-caught-up",
            Type.BOOLEAN, false, "Streaming: checkpoint and exit once every partition is consumed (backfills, tests)");
    public static final ConfigKey<Integer> EPOCHS = ConfigKey.of("trainer.epochs", Type.INT, 1,
            "Offline: passes over the training split").validatedBy(x -> x >= 1, "at least 1");
    public static final ConfigKey<Double> EVAL_FRACTION = ConfigKey.of("trainer.eval-fraction", Type.DOUBLE, 0.05,
            "Offline: share of records held out for evaluation loss").validatedBy(x -> x >= 0 && x < 1, "in [0, 1)");
    public static final ConfigKey<Integer> EVAL_EVERY = ConfigKey.of("trainer.eval-every", Type.INT, 50,
            "Offline: evaluate the held-out loss every this many steps; 0 only at the end").validatedBy(x -> x >= 0, "0 or more");

    public static final ConfigKey<String> DEVICE = ConfigKey.of("trainer.device", Type.STRING, "auto",
            "auto (the first CUDA device, else the CPU), cpu or cuda:N").validatedBy(Placement::isDevice,
            "auto, cpu or cuda:N");
    public static final ConfigKey<String> MODEL_DTYPE = ConfigKey.of("model.dtype", Type.STRING, "auto",
            "Frozen base weights: auto, float32, bfloat16 or float16 (half needs CUDA); LoRA, probes and optimizer"
            + " state stay float32").validatedBy(Placement.DTYPES::contains, "one of " + Placement.DTYPES);

    /** Every trainer key; SAP's and the poison filter's are declared with their settings. */
    public static final List<ConfigKey<?>> KEYS = Stream.of(
            List.<ConfigKey<?>>of(METHOD, SEED, LORA_R, LORA_ALPHA, LORA_DROPOUT, LORA_TARGETS, LR, WEIGHT_DECAY,
                MAX_GRAD_NORM, SCHEDULE, WARMUP, TOTAL_STEPS, ACCUMULATION),
            SapConfig.KEYS,
            List.<ConfigKey<?>>of(BATCH_SIZE, MAX_LENGTH, MAX_TOKENS, BATCH_TIMEOUT, CONTRASTIVE_SIZE,
                CONTRASTIVE_MAX_LENGTH, CONTRASTIVE_FILE, CHECKPOINT_DIR, CHECKPOINT_EVERY_STEPS, CHECKPOINT_EVERY, RUN_ID,
                GROUP_ID, STOP_WHEN_CAUGHT_UP, EPOCHS, EVAL_FRACTION, EVAL_EVERY, DEVICE, MODEL_DTYPE),
            FilterConfig.KEYS).flatMap(List::stream).toList();

    private TrainerConfig() {}

    /** Where the trainer's model lives and the precision of its base weights. */
    public static Placement placement(Settings s) {
        return new Placement(s.get(DEVICE), s.get(MODEL_DTYPE));
    }

    /** The platform keys plus the trainer's. */
    public static ConfigSpec spec() {
        return PlatformConfig.spec().add(KEYS);
    }

    /** The training settings of {@code s}. */
    public static TrainingConfig training(Settings s) {
        LoraConfig lora = new LoraConfig(s.get(LORA_R), s.get(LORA_ALPHA).floatValue(), s.get(LORA_DROPOUT).floatValue(),
                s.get(LORA_TARGETS), false);
        OptimizerConfig o = new OptimizerConfig(s.get(LR), s.get(WEIGHT_DECAY), 0.9, 0.999, 1e-8, s.get(MAX_GRAD_NORM),
                s.get(SCHEDULE), s.get(WARMUP), s.get(TOTAL_STEPS), s.get(ACCUMULATION));
        BatchConfig batch = new BatchConfig(s.get(BATCH_SIZE), s.get(MAX_LENGTH), s.get(MAX_TOKENS),
                s.get(CONTRASTIVE_SIZE), s.get(CONTRASTIVE_MAX_LENGTH));
        String file = s.get(CONTRASTIVE_FILE);
        return new TrainingConfig(TrainingMethod.parse(s.get(METHOD)), s.get(SEED), lora, o, SapConfig.from(s), batch,
                file.isBlank() ? null : Path.of(file), FilterConfig.from(s));
    }
}
