package dev.safeflow.auditor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.safeflow.auditor.screen.ExemplarFile;
import dev.safeflow.auditor.screen.ScreenerArtifact;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScreenerArtifactTest {
    @TempDir
    Path dir;

    private ScreenerArtifact.Manifest base() {
        return new ScreenerArtifact.Manifest(ScreenerArtifact.FORMAT, "2026-12-01T00:00:00Z", "x.jsonl", "abc", 2,
            Map.of("clean", 1, "poison", 1), Map.of(), Map.of(), Map.of());
    }

    @Test
    void partsRoundTripWithTheirHashes() throws IOException {
        ScreenerArtifact.write(dir, base(), Map.of("text", new byte[] {1, 2, 3}), Map.of());
        ScreenerArtifact read = ScreenerArtifact.load(dir);
        assertArrayEquals(new byte[] {1, 2, 3}, read.part("text"));
        assertEquals(2, read.manifest().exemplarCount());
        assertEquals(ScreenerArtifact.sha256(new byte[] {1, 2, 3}), read.partInfo("text").sha256());
    }

    @Test
    void aPartChangedAfterFittingIsRefusedInOneSentence() throws IOException {
        ScreenerArtifact.write(dir, base(), Map.of("text", new byte[] {1, 2, 3}), Map.of());
        Files.write(dir.resolve("text.bin"), new byte[] {1, 2, 4});
        var e = assertThrows(IllegalArgumentException.class, () -> ScreenerArtifact.load(dir));
        assertTrue(e.getMessage().contains("text.bin has sha256") && e.getMessage().contains("refit with 'safeflow auditor fit'"),
            e.getMessage());
        assertEquals(1, e.getMessage().split("\\. ").length, "one sentence: " + e.getMessage());
    }

    @Test
    void aDirectoryWithoutManifestIsNamed() {
        var e = assertThrows(IllegalArgumentException.class, () -> ScreenerArtifact.load(dir));
        assertTrue(e.getMessage().contains(dir + " has no artifact.json"), e.getMessage());
    }

    @Test
    void aMissingPartNamesTheCommandThatFitsIt() throws IOException {
        ScreenerArtifact.write(dir, base(), Map.of("text", new byte[] {1}), Map.of());
        var e = assertThrows(IllegalArgumentException.class, () -> ScreenerArtifact.load(dir).part("hidden-state"));
        assertTrue(e.getMessage().contains("--model DIR"), e.getMessage());
    }

    @Test
    void bundledArtifactWasFittedOnTheBundledExemplarsAsTheyAreNow() throws IOException {
        ScreenerArtifact bundled = ScreenerArtifact.bundled();
        assertEquals(ScreenerArtifact.sha256(ExemplarFile.bytes("bundled:train")), bundled.manifest().exemplarsSha256(),
            "train.jsonl changed since the bundled artifact was fitted: refit it with "
                + "'safeflow auditor fit --output auditor/src/main/resources/dev/safeflow/auditor/artifact'");
        assertEquals(ExemplarFile.open("bundled:train").size(), bundled.manifest().exemplarCount());
    }
}
