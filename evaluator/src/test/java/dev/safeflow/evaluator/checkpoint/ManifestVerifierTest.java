package dev.safeflow.evaluator.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.safeflow.evaluator.CheckpointDirs;
import dev.safeflow.evaluator.TinyModels;
import dev.safeflow.trainer.Hashing;
import dev.safeflow.trainer.checkpoint.Checkpoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestVerifierTest {

    @TempDir
    Path tmp;
    Path dir;
    String manifestSha;

    @BeforeEach
    void writeCheckpoint() {
        Checkpoint c = CheckpointDirs.write(tmp, TinyModels.llamaLora(), "run-1", 10);
        dir = c.dir();
        manifestSha = c.manifestSha256();
    }

    private String onlyProblem() {
        Verification v = ManifestVerifier.verify(dir, manifestSha);
        assertFalse(v.intact());
        assertEquals(1, v.problems().size(), v.problems().toString());
        return v.problems().get(0);
    }

    @Test
    void anIntactCheckpointVerifies() {
        Verification v = ManifestVerifier.verify(dir, manifestSha);
        assertTrue(v.intact(), v.summary());
    }

    @Test
    void aModifiedAdapterIsReportedAsTampered() {
        CheckpointDirs.flipAByte(dir.resolve("adapter_model.safetensors"));
        String problem = onlyProblem();
        assertTrue(problem.contains("adapter_model.safetensors does not match the sha256"), problem);
    }

    @Test
    void aDeletedFileIsReportedMissing() throws IOException {
        Files.delete(dir.resolve("trainer_state.json"));
        String problem = onlyProblem();
        assertTrue(problem.contains("is missing trainer_state.json that its manifest lists"), problem);
    }

    @Test
    void aFileSlippedInBesideTheListedOnesIsReported() throws IOException {
        Files.writeString(dir.resolve("adapter_model.bin"), "other weights");
        assertEquals("adapter_model.bin is not listed in the manifest", onlyProblem());
    }

    @Test
    void aRewrittenManifestDoesNotMatchTheAnnouncedSha256() throws IOException {
        Files.writeString(dir.resolve("manifest.json"), Files.readString(dir.resolve("manifest.json")) + "\n");
        assertTrue(onlyProblem().contains("but the checkpoint event announced " + manifestSha));
    }

    @Test
    void aMissingManifestIsRejectedBeforeAnythingElse() throws IOException {
        Files.delete(dir.resolve("manifest.json"));
        assertEquals("manifest.json is missing", onlyProblem());
    }

    @Test
    void aManifestEntryOutsideTheDirectoryIsRejected() throws IOException {
        Files.writeString(dir.resolve("manifest.json"), "{\"files\": {\"../../etc/passwd\": \"00\","
            + " \"adapter_config.json\": \"" + Hashing.sha256(dir.resolve("adapter_config.json")) + "\"}}");
        Verification v = ManifestVerifier.verify(dir, "");
        // Reported alone: nothing outside the directory is ever read or hashed.
        assertEquals(List.of("manifest entry ../../etc/passwd points outside the checkpoint directory"), v.problems());
    }

    @Test
    void fileUrisAndPlainPathsResolveAndOtherSchemesAreRefused() {
        assertEquals(dir, CheckpointLocation.resolve(dir.toUri().toString()));
        assertEquals(Path.of("/data/ckpt"), CheckpointLocation.resolve("/data/ckpt"));
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
            () -> CheckpointLocation.resolve("s3://bucket/ckpt"));
        assertTrue(e.getMessage().contains("file://"));
    }
}
