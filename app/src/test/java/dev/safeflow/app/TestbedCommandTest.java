package dev.safeflow.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestbedCommandTest {

    @Test
    void generateTwiceWithOneSeedWritesTheSameManifest(@TempDir Path tmp) throws Exception {
        CliTest.Run a = CliTest.run("testbed", "generate", "--out", tmp.resolve("a").toString(), "--seed", "11");
        CliTest.Run b = CliTest.run("testbed", "generate", "--out", tmp.resolve("b").toString(), "--seed", "11");
        assertEquals(0, a.exit(), a.err());
        assertEquals(0, b.exit(), b.err());
        assertTrue(a.out().contains("synthetic"), a.out());
        assertEquals(Files.readString(tmp.resolve("a/manifest.json")), Files.readString(tmp.resolve("b/manifest.json")));
        assertTrue(Files.isRegularFile(tmp.resolve("a/tokenizer/tokenizer.json")));
    }

    @Test
    void pretrainRejectsZeroStepsInOneSentence(@TempDir Path tmp) {
        CliTest.Run r = CliTest.run("testbed", "pretrain", "--steps", "0", "--out", tmp.toString());
        assertEquals(UserErrors.USER_ERROR, r.exit());
        assertTrue(r.err().contains("--steps must be at least 1"), r.err());
    }
}
