package dev.safeflow.evaluator.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.safeflow.avro.CheckpointEvent;
import dev.safeflow.evaluator.CheckpointDirs;
import dev.safeflow.evaluator.Checkpoints;
import dev.safeflow.evaluator.TinyModels;
import dev.safeflow.schemas.control.ControlSigner;
import dev.safeflow.trainer.checkpoint.Checkpoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each way of pointing the evaluator at something it should not load is refused before anything is opened. */
class CheckpointAdmissionTest {
    private static final ControlSigner TRAINER = ControlSigner.ofKey("t".repeat(64), "trainer:test");

    @TempDir
    Path tmp;
    Path root;
    CheckpointEvent event;
    CheckpointAdmission admission;

    @BeforeEach
    void writeCheckpoint() throws IOException {
        root = Files.createDirectories(tmp.resolve("root"));
        Checkpoint c = CheckpointDirs.write(root, TinyModels.llamaLora(), "run-1", 10);
        event = TRAINER.sign(Checkpoints.of(c));
        admission = new CheckpointAdmission(root, TinyModels.llama().toString(), TRAINER);
    }

    private String onlyProblem(CheckpointEvent e) {
        List<String> problems = admission.problems(e);
        assertEquals(1, problems.size(), problems.toString());
        return problems.get(0);
    }

    @Test
    void aSignedEventForACheckpointUnderTheRootIsAdmitted() {
        assertEquals(List.of(), admission.problems(event));
    }

    @Test
    void aCheckpointOutsideTheRootIsRefused() {
        Checkpoint elsewhere = CheckpointDirs.write(tmp.resolve("elsewhere"), TinyModels.llamaLora(), "run-1", 11);
        assertTrue(onlyProblem(TRAINER.sign(Checkpoints.of(elsewhere))).contains("is outside evaluator.checkpoint-root"));
        CheckpointEvent dotDot = TRAINER.sign(CheckpointEvent.newBuilder(event)
            .setUri(root.resolve("../elsewhere/" + elsewhere.dir().getFileName()).toString()).build());
        assertTrue(onlyProblem(dotDot).contains("is outside evaluator.checkpoint-root"));
    }

    @Test
    void aSymbolicLinkOnTheWayOrInsideIsRefused() throws IOException {
        Checkpoint elsewhere = CheckpointDirs.write(tmp.resolve("elsewhere"), TinyModels.llamaLora(), "run-1", 11);
        Path link = Files.createSymbolicLink(root.resolve("linked"), elsewhere.dir());
        CheckpointEvent viaLink = TRAINER.sign(CheckpointEvent.newBuilder(event).setCheckpointId(elsewhere.id())
            .setUri(link.toUri().toString()).setManifestSha256(elsewhere.manifestSha256()).build());
        assertTrue(onlyProblem(viaLink).contains("is a symbolic link"));

        Path dir = Path.of(java.net.URI.create(event.getUri()));
        Files.createSymbolicLink(dir.resolve("extra.safetensors"), tmp.resolve("elsewhere"));
        assertTrue(onlyProblem(event).contains("inside the checkpoint is a symbolic link"));
    }

    @Test
    void anEmptyManifestHashIsRefused() {
        CheckpointEvent blank = TRAINER.sign(CheckpointEvent.newBuilder(event).setManifestSha256("").build());
        assertTrue(onlyProblem(blank).contains("announces no full manifestSha256"));
    }

    @Test
    void aManifestNamingAnotherCheckpointIsRefused() {
        CheckpointEvent renamed = TRAINER.sign(CheckpointEvent.newBuilder(event).setCheckpointId("run-1-step-99").build());
        String problem = onlyProblem(renamed);
        assertTrue(problem.contains("names checkpoint '" + event.getCheckpointId() + "' but the event announces 'run-1-step-99'"),
            problem);
    }

    @Test
    void anotherBaseModelIsRefused() {
        CheckpointEvent other = TRAINER.sign(CheckpointEvent.newBuilder(event).setBaseModel("/models/evil").build());
        assertTrue(onlyProblem(other).contains("this evaluator scores only"));
    }

    @Test
    void anUnsignedOrAlteredEventIsRefused() {
        CheckpointEvent unsigned = CheckpointEvent.newBuilder(event).setSignature("").build();
        assertTrue(onlyProblem(unsigned).contains("unsigned"));
        CheckpointEvent forged = ControlSigner.ofKey("f".repeat(64), "trainer:test").sign(event);
        assertTrue(onlyProblem(forged).contains("bad signature"));
    }
}
