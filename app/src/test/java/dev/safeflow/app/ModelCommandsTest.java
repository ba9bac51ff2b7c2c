package dev.safeflow.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.safeflow.model.Djl;
import dev.safeflow.model.io.SafeTensors;
import java.nio.file.Files;
import java.nio.file.Path;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The model commands as a user runs them, on a tiny random HF model written by the model module's own writer. */
class ModelCommandsTest {
    static final Path MODEL = Path.of("..", "model", "src", "test", "resources", "models", "llama-gqa").toAbsolutePath().normalize();

    @Test
    void infoDescribesTheModel() {
        CliTest.Run r = CliTest.run("model", "info", "--model", MODEL.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("LlamaForCausalLM"), r.out());
    }

    @Test
    void forwardWritesOneLogitsRowPerToken(@TempDir Path dir) {
        Path out = dir.resolve("logits.safetensors");
        CliTest.Run r = CliTest.run("model", "forward", "--model", MODEL.toString(), "--tokens", "1,5,9", "--output", out.toString());
        assertEquals(0, r.exit(), r.err());
        try (SafeTensors file = SafeTensors.open(out); NDManager manager = Djl.newManager()) {
            NDArray logits = file.read("logits", manager);
            assertEquals(3, logits.getShape().get(0));
        }
    }

    @Test
    void generateIsDeterministicWhenGreedy() {
        CliTest.Run a = CliTest.run("generate", "--model", MODEL.toString(), "--prompt", "hello", "--max-new-tokens", "5");
        CliTest.Run b = CliTest.run("generate", "--model", MODEL.toString(), "--prompt", "hello", "--max-new-tokens", "5");
        assertEquals(0, a.exit(), a.err());
        assertEquals(a.out(), b.out());
    }

    @Test
    void aMissingModelDirectoryIsOneClearError(@TempDir Path dir) {
        CliTest.Run r = CliTest.run("model", "info", "--model", dir.resolve("nope").toString());
        assertEquals(UserErrors.USER_ERROR, r.exit(), r.err());
        assertTrue(r.err().startsWith("safeflow model info: "), r.err());
        assertTrue(Files.notExists(dir.resolve("nope")));
    }
}
