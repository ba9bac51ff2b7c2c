package dev.safeflow.trainer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import dev.safeflow.model.Djl;
import dev.safeflow.model.ModelConfig;
import dev.safeflow.model.Placement;
import dev.safeflow.model.io.ModelLoader;
import dev.safeflow.model.nn.LlamaModel;
import dev.safeflow.model.tokenizer.Tokenizer;
import dev.safeflow.trainer.checkpoint.Checkpoint;
import dev.safeflow.trainer.checkpoint.CheckpointException;
import dev.safeflow.trainer.checkpoint.CheckpointStore;
import dev.safeflow.trainer.checkpoint.TrainerState;
import dev.safeflow.trainer.data.Batch;
import dev.safeflow.trainer.data.Batcher;
import dev.safeflow.trainer.data.ChatEncoder;
import dev.safeflow.trainer.data.ContrastiveSet;
import dev.safeflow.trainer.step.ContrastiveBatches;
import dev.safeflow.trainer.step.Learner;
import dev.safeflow.trainer.step.LearnerState;
import dev.safeflow.trainer.step.Losses;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A base model with its tokenizer and a {@link Learner} on it: what offline and streaming training
 * share. Checkpoints go through {@link #save} and {@link #restore}, which refuses a checkpoint
 * written with other training settings.
 */
public final class TrainingSession implements AutoCloseable {

    private final Path modelDir;
    private final TrainingConfig config;
    private final NDManager root;
    private final LlamaModel model;
    private final Tokenizer tokenizer;
    private final ChatEncoder encoder;
    private final Batcher batcher;
    private final Learner learner;

    private TrainingSession(Path modelDir, TrainingConfig config, Placement placement) {
        this.modelDir = modelDir;
        this.config = config;
        if (!Files.isRegularFile(modelDir.resolve("config.json"))) {
            throw new IllegalArgumentException("--model " + modelDir + " is not a Hugging Face model directory (no"
                    + " config.json); pass the directory that holds config.json, the safetensors and tokenizer.json");
        }
        Device device = placement.resolveDevice();
        DataType base = placement.resolveDtype(ModelConfig.load(modelDir), device);
        this.root = Djl.newManager(device);
        try {
            this.model = ModelLoader.load(modelDir, root, base);
            this.tokenizer = Tokenizer.load(modelDir);
            this.encoder = new ChatEncoder(tokenizer, config.batch().maxLength());
            this.batcher = new Batcher(config.batch().size(), config.batch().maxTokens(), encoder.padId());
            ContrastiveBatches contrastive = config.isSap() ? ContrastiveBatches.of(
                    ContrastiveSet.load(config.contrastiveFile(), config.seed()),
                    new ChatEncoder(tokenizer, config.batch().contrastiveMaxLength()), config.batch().contrastiveSize())
                    : null;
            this.learner = new Learner(model, config, contrastive);
        } catch (RuntimeException e) {
            root.close();
            throw e;
        }
    }

    public static TrainingSession open(Path modelDir, TrainingConfig config) {
        return open(modelDir, config, Placement.auto());
    }

    /** As {@link #open(Path, TrainingConfig)} on {@code placement}'s device and base-weight precision. */
    public static TrainingSession open(Path modelDir, TrainingConfig config, Placement placement) {
        return new TrainingSession(modelDir, config, placement);
    }

    /** Writes a checkpoint of the learner with {@code state}. */
    public Checkpoint save(CheckpointStore store, TrainerState state) {
        return save(store, state, "");
    }

    /** Writes a checkpoint whose id carries {@code suffix} after the step (rollbacks). */
    public Checkpoint save(CheckpointStore store, TrainerState state, String suffix) {
        return store.write(state, suffix, dir -> LearnerState.save(learner, dir, baseModel()));
    }

    /** Loads {@code c} into the learner; its settings must be this session's. */
    public void restore(Checkpoint c) {
        if (!c.state().configHash().equals(config.hash())) {
            throw new CheckpointException("checkpoint " + c.dir() + " was written with other training settings (config"
                    + " hash " + c.state().configHash() + ", now " + config.hash() + "); resume with the settings it was"
                    + " trained with, or start a new run in another directory");
        }
        LearnerState.load(learner, c.dir(), c.state().step());
    }

    /** Mean task loss over {@code batches} without dropout or probes: what the exported adapter would score. */
    public double evalLoss(List<Batch> batches) {
        if (batches.isEmpty()) {
            return Double.NaN;
        }
        dev.safeflow.trainer.step.Passes.gradModeOff();
        Map<Integer, NDArray> probes = learner.probes() == null ? Map.of() : learner.probes().byLayer();
        probes.keySet().forEach(l -> model.layers().get(l).setProbe(null));
        try (NDManager m = root.newSubManager()) {
            double total = 0;
            for (Batch b : batches) {
                total += Losses.task(model, b, m, false).getFloat();
            }
            return total / batches.size();
        } finally {
            probes.forEach((l, v) -> model.layers().get(l).setProbe(v));
        }
    }

    /** Writes the PEFT adapter alone (no probe, no optimizer) to {@code dir}. */
    public void exportAdapter(Path dir) {
        learner.lora().save(dir, baseModel());
    }

    public String baseModel() {
        return modelDir.toAbsolutePath().normalize().toString();
    }

    public TrainingConfig config() {
        return config;
    }

    public Learner learner() {
        return learner;
    }

    public ChatEncoder encoder() {
        return encoder;
    }

    public Batcher batcher() {
        return batcher;
    }

    @Override
    public void close() {
        learner.close();
        tokenizer.close();
        root.close();
    }
}
