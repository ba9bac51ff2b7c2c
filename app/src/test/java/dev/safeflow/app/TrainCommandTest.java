package dev.safeflow.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainCommandTest {

    /** The trainer module's copy of the tiny random Llama fixture. */
    static final Path MODEL = Path.of("../trainer/src/test/resources/models/llama-gqa").toAbsolutePath().normalize();

    static String[] args(Path data, Path out, String... more) {
        String[] base = {"train", "--model", MODEL.toString(), "--data", data.toString(), "--output", out.toString(),
            "--set", "trainer.batch.size=2", "--set", "trainer.batch.max-length=32", "--set", "trainer.lora.dropout=0",
            "--set", "trainer.contrastive.batch-size=2", "--set", "trainer.contrastive.max-length=48"};
        String[] all = new String[base.length + more.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }

    @Test
    void trainWritesAPeftAdapterAndResumeContinues(@TempDir Path dir) throws Exception {
        Path data = Files.writeString(dir.resolve("d.jsonl"), """
            {"instruction": "hello , how are you ?", "output": "i am fine ."}
            {"instruction": "tell me a story", "output": "the cat sat on the mat ."}
            {"instruction": "write a poem", "output": "good day and good night ."}
            {"prompt": "can you help me ?", "completion": "yes , i can help ."}
            """);
        CliTest.Run run = CliTest.run(args(data, dir.resolve("out"), "--max-steps", "1"));
        assertEquals(0, run.exit(), run.err());
        assertTrue(Files.isRegularFile(dir.resolve("out/adapter/adapter_model.safetensors")));
        CliTest.Run resumed = CliTest.run(args(data, dir.resolve("out"), "--resume"));
        assertEquals(0, resumed.exit(), resumed.err());
    }

    @Test
    void missingDataFileIsOneSentence(@TempDir Path dir) {
        CliTest.Run run = CliTest.run(args(dir.resolve("nope.jsonl"), dir.resolve("out"), "--method", "sft"));
        assertEquals(UserErrors.USER_ERROR, run.exit());
        assertTrue(run.err().contains("does not exist"), run.err());
        assertEquals(1, run.err().strip().lines().count(), run.err());
    }

    @Test
    void aSecondRunOnOneOutputIsRefusedNamingTheHolder(@TempDir Path dir) throws Exception {
        Path data = Files.writeString(dir.resolve("d.jsonl"), "{\"instruction\": \"hi\", \"output\": \"hello .\"}\n");
        Path out = dir.resolve("out");
        try (var first = dev.safeflow.schemas.lock.LockFile.acquire(out.resolve(TrainCommand.LOCK_FILE), "--output " + out,
                "wait")) {
            CliTest.Run run = CliTest.run(args(data, out, "--method", "sft"));
            assertEquals(UserErrors.USER_ERROR, run.exit(), run.err());
            assertTrue(run.err().contains("--output " + out + " is in use by another process (pid "
                + ProcessHandle.current().pid()), run.err());
            assertTrue(run.err().strip().endsWith("or choose another --output"), run.err());
            assertEquals(1, run.err().strip().lines().count(), run.err());
        }
        assertTrue(Files.notExists(out.resolve("checkpoints")), "nothing was written by the refused run");
    }
}
