package dev.safeflow.trainer.offline;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.safeflow.avro.FineTuneRecord;
import dev.safeflow.trainer.TrainingSession;
import dev.safeflow.trainer.checkpoint.Checkpoint;
import dev.safeflow.trainer.checkpoint.CheckpointStore;
import dev.safeflow.trainer.checkpoint.MetricsWindow;
import dev.safeflow.trainer.checkpoint.TrainerState;
import dev.safeflow.trainer.data.Batch;
import dev.safeflow.trainer.data.Example;
import dev.safeflow.trainer.step.FilteredExample;
import dev.safeflow.trainer.step.StepMetrics;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.Consumer;

/**
 * {@code safeflow train}: fine-tunes from a file like {@code trl sft} does. Records are split once into
 * train and held-out sets (seeded), each epoch shuffles the training set with (seed, epoch), and the
 * checkpoint stores how many micro-batches were consumed, so {@code --resume} continues on the very
 * batch an uninterrupted run would have taken next.
 *
 * <p>Layout of {@code --output}: {@code checkpoints/<run>-step-N/}, at the end {@code adapter/}, and with the
 * poison filter on, {@code filtered.jsonl}: one line per record it left out (id, source, step, score, z).
 */
public final class OfflineTrainer {

    /**
     * @param maxSteps stop (with a checkpoint) after this many steps in total; 0 means run every epoch
     * @param checkpointEvery steps between checkpoints; 0 only at the end
     * @param evalEvery steps between held-out evaluations; 0 only at the end
     */
    public record Options(Path data, String format, Path output, boolean resume, int epochs, double evalFraction,
            int evalEvery, int checkpointEvery, long maxSteps) {}

    /** How a run ended. */
    public record Result(long steps, double trainLoss, double evalLoss, Path adapter, Checkpoint checkpoint) {}

    private static final ObjectMapper JSON = new ObjectMapper();

    private final TrainingSession session;
    private final Options options;
    private final PrintStream out;
    private final Progress progress;
    private final Map<Example, FineTuneRecord> recordOf = new IdentityHashMap<>();
    /** For examples given in memory, which have no record: their position in the list given. */
    private final Map<Example, Integer> positionOf = new IdentityHashMap<>();
    private long filtered;

    public OfflineTrainer(TrainingSession session, Options options, PrintStream out) {
        this.session = session;
        this.options = options;
        this.out = out;
        this.progress = new Progress(out);
    }

    /** Trains on {@code options.data()}, read with {@code options.format()}. */
    public Result run() {
        return train(examples(), options.data().toString(), m -> {});
    }

    /**
     * Trains on examples already in memory (encoded with the session's encoder), exactly as {@link #run()} trains on
     * a file's: the testbed's benchmark fine-tunes this way. {@code options.data()} and {@code format()} are not
     * read. Every step's metrics go to {@code onStep}.
     */
    public Result run(List<Example> examples, Consumer<StepMetrics> onStep) {
        if (examples.isEmpty()) {
            throw new IllegalArgumentException("no training example given: each needs a response that fits"
                    + " trainer.batch.max-length");
        }
        for (int i = 0; i < examples.size(); i++) {
            positionOf.put(examples.get(i), i);
        }
        return train(examples, "in-memory data", onStep);
    }

    private Result train(List<Example> examples, String what, Consumer<StepMetrics> onStep) {
        List<Example> eval = new ArrayList<>();
        List<Example> train = split(examples, eval);
        List<Batch> evalBatches = session.batcher().pack(eval);
        int accumulation = session.config().optimizer().accumulation();
        long stepsPerEpoch = (session.batcher().pack(train).size() + accumulation - 1) / accumulation;
        long totalSteps = options.maxSteps() > 0 ? Math.min(options.maxSteps(), stepsPerEpoch * options.epochs())
                : stepsPerEpoch * options.epochs();
        session.learner().setScheduleLength(stepsPerEpoch * options.epochs());

        CheckpointStore store = new CheckpointStore(options.output().resolve("checkpoints"));
        String runId = options.output().toAbsolutePath().normalize().getFileName().toString();
        store.cleanTemporaries();
        Optional<Checkpoint> resumed = store.latest();
        if (resumed.isPresent() && !options.resume()) {
            throw new IllegalArgumentException("--output " + options.output() + " already holds checkpoints; pass"
                    + " --resume to continue that run or choose another --output");
        }
        long position = 0;
        long records = 0;
        Checkpoint last = null;
        if (resumed.isPresent()) {
            last = resumed.get();
            session.restore(last);
            position = last.state().dataPosition();
            records = last.state().records();
            out.printf("resuming from %s (step %d)%n", last.id(), last.state().step());
        }
        out.printf("training %s on %d examples (%d held out), %d steps, method %s%n", what, train.size(),
                eval.size(), totalSteps, session.config().methodName());

        StepMetrics metrics = null;
        MetricsWindow window = new MetricsWindow();
        double evalLoss = Double.NaN;
        long batchIndex = 0;
        outer:
        for (int epoch = 0; epoch < options.epochs(); epoch++) {
            List<Batch> batches = session.batcher().pack(shuffled(train, session.config().seed() + 1 + epoch));
            for (int i = 0; i < batches.size(); i += accumulation, batchIndex += accumulation) {
                if (batchIndex < position) {
                    continue;
                }
                if (options.maxSteps() > 0 && session.learner().steps() >= options.maxSteps()) {
                    break outer;
                }
                List<Batch> group = batches.subList(i, Math.min(i + accumulation, batches.size()));
                metrics = session.learner().step(group);
                onStep.accept(metrics);
                window.add(metrics);
                recordFiltered(group, metrics.step());
                position = batchIndex + group.size();
                records += group.stream().mapToInt(Batch::size).sum();
                long step = session.learner().steps();
                if (options.evalEvery() > 0 && step % options.evalEvery() == 0) {
                    evalLoss = session.evalLoss(evalBatches);
                }
                progress.update(step, totalSteps, metrics, evalLoss);
                if (options.checkpointEvery() > 0 && step % options.checkpointEvery() == 0) {
                    last = checkpoint(store, runId, position, records, window, last);
                }
            }
        }
        progress.done();
        evalLoss = session.evalLoss(evalBatches);
        if (last == null || last.state().step() != session.learner().steps()) {
            last = checkpoint(store, runId, position, records, window, last);
        }
        Path adapter = options.output().resolve("adapter");
        session.exportAdapter(adapter);
        if (session.config().filter().enabled()) {
            out.printf("poison filter left out %d records (listed in %s)%n", filtered, filteredFile());
        }
        double trainLoss = metrics == null ? Double.NaN : metrics.taskLoss();
        out.printf("done: %d steps, train loss %.4f, eval loss %.4f; adapter in %s%n", session.learner().steps(),
                trainLoss, evalLoss, adapter);
        return new Result(session.learner().steps(), trainLoss, evalLoss, adapter, last);
    }

    /**
     * Appends what the poison filter left out of this step to {@code filtered.jsonl}, one record a line: its id and
     * source, or for examples given in memory its position in the list.
     */
    private void recordFiltered(List<Batch> group, long step) {
        for (FilteredExample f : session.learner().filtered()) {
            Example example = group.get(f.batch()).examples().get(f.example());
            FineTuneRecord r = recordOf.get(example);
            ObjectNode line = r != null ? JSON.createObjectNode().put("id", r.getId()).put("source", r.getSource())
                    : JSON.createObjectNode().put("example", positionOf.get(example));
            line.put("step", step).put("reason", "trainer:harmful-alignment").put("score", f.score()).put("z", f.z());
            try {
                Files.createDirectories(options.output());
                Files.writeString(filteredFile(), line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + filteredFile() + ": " + e.getMessage(), e);
            }
            filtered++;
        }
    }

    private Path filteredFile() {
        return options.output().resolve("filtered.jsonl");
    }

    private Checkpoint checkpoint(CheckpointStore store, String runId, long position, long records,
            MetricsWindow window, Checkpoint parent) {
        TrainerState state = new TrainerState(session.learner().steps(), runId, session.config().hash(),
                session.config().methodName(), session.baseModel(), session.config().seed(), List.of(), position,
                records, window.snapshot(), parent == null ? null : parent.id(), System.currentTimeMillis());
        window.reset();
        return session.save(store, state);
    }

    private List<Example> examples() {
        DataFile.Contents data = DataFile.read(options.data(), options.format());
        if (data.rejected() > 0) {
            out.printf("skipped %d invalid records of %s; the first: %s%n", data.rejected(), options.data(),
                    data.firstRejection());
        }
        List<Example> out = new ArrayList<>();
        for (FineTuneRecord r : data.records()) {
            Example e = session.encoder().encode(r);
            if (e != null) {
                out.add(e);
                recordOf.put(e, r);
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("--data " + options.data() + " has no usable training example (" + data
                    .records().size() + " records parsed; each needs a final assistant turn that fits"
                    + " trainer.batch.max-length); check --format");
        }
        return out;
    }

    /** Moves a seeded {@code evalFraction} of the examples to {@code eval}; returns the rest. */
    private List<Example> split(List<Example> all, List<Example> eval) {
        List<Example> shuffled = shuffled(all, session.config().seed());
        int n = (int) Math.round(all.size() * options.evalFraction());
        if (options.evalFraction() > 0 && n == 0 && all.size() > 1) {
            n = 1;
        }
        eval.addAll(shuffled.subList(0, n));
        return new ArrayList<>(shuffled.subList(n, shuffled.size()));
    }

    private static List<Example> shuffled(List<Example> in, long seed) {
        List<Example> copy = new ArrayList<>(in);
        Collections.shuffle(copy, new Random(seed));
        return copy;
    }
}
