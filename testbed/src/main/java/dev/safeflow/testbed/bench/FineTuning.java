package dev.safeflow.testbed.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.safeflow.testbed.world.PromptResponse;
import dev.safeflow.testbed.world.World;
import dev.safeflow.trainer.TrainingConfig;
import dev.safeflow.trainer.TrainingSession;
import dev.safeflow.trainer.data.Example;
import dev.safeflow.trainer.offline.OfflineTrainer;
import dev.safeflow.trainer.step.StepMetrics;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * One fine-tuning run of the benchmark through the trainer's offline entry point, the one {@code safeflow train}
 * uses: the world's examples are encoded by the session, shuffled per epoch, packed and stepped by
 * {@link OfflineTrainer}, which exports the adapter. SAP's contrastive triples are the world's, written as the
 * trainer's JSONL so the session reads them like any user's file.
 */
final class FineTuning {

    private static final ObjectMapper JSON = new ObjectMapper();

    private FineTuning() {}

    /**
     * Fine-tunes {@code modelDir} on {@code data} for {@code epochs} and returns the exported adapter's directory
     * (under {@code work}, which must not hold checkpoints yet).
     */
    static Path run(Path modelDir, TrainingConfig config, List<PromptResponse> data, int epochs, Path work,
            Consumer<String> log, Consumer<StepMetrics> onStep) {
        try (TrainingSession session = TrainingSession.open(modelDir, config)) {
            List<Example> examples = new ArrayList<>(data.size());
            for (PromptResponse e : data) {
                var x = session.encoder().encode(e.prompt(), e.response());
                if (x != null) {
                    examples.add(x);
                }
            }
            OfflineTrainer.Options options = new OfflineTrainer.Options(null, null, work, false, epochs, 0, 0, 0, 0);
            return new OfflineTrainer(session, options, lines(log)).run(examples, onStep).adapter();
        }
    }

    /** {@code config} reading the world's contrastive triples, written to {@code dir}. */
    static TrainingConfig withWorldTriples(TrainingConfig config, World world, Path dir) {
        Path file = dir.resolve("contrastive.jsonl");
        StringBuilder lines = new StringBuilder();
        try {
            for (var t : world.contrastive()) {
                lines.append(JSON.writeValueAsString(Map.of("prompt", t.prompt(), "safe", t.safe(), "harmful",
                        t.harmful()))).append('\n');
            }
            Files.createDirectories(dir);
            Files.writeString(file, lines);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the world's contrastive triples to " + file, e);
        }
        return config.withContrastiveFile(file);
    }

    /** A fresh directory for one cell's runs. */
    static Path workDir() {
        try {
            return Files.createTempDirectory("safeflow-bench-cell-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory for a benchmark cell: " + e.getMessage(), e);
        }
    }

    static void delete(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path f : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        } catch (IOException e) {
            // A leftover temporary directory is harmless; the cell's result is already stored.
        }
    }

    /** The trainer's progress lines, one {@code log} call each. */
    private static PrintStream lines(Consumer<String> log) {
        return new PrintStream(new OutputStream() {
            private final ByteArrayOutputStream line = new ByteArrayOutputStream();

            @Override
            public void write(int b) {
                if (b == '\n') {
                    log.accept(line.toString(StandardCharsets.UTF_8));
                    line.reset();
                } else if (b != '\r') {
                    line.write(b);
                }
            }
        }, true, StandardCharsets.UTF_8);
    }
}
