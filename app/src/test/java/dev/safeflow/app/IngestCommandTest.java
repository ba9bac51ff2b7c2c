package dev.safeflow.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.safeflow.embedded.junit.KafkaPlatform;
import dev.safeflow.embedded.junit.KafkaPlatformExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The exit codes scripts rely on: 0 all produced, 3 some rejected, 1 a user error such as an unreachable broker. */
@ExtendWith(KafkaPlatformExtension.class)
class IngestCommandTest {
    @TempDir
    Path dir;

    private String[] args(KafkaPlatform kafka, String prefix, Path file, String bootstrap) {
        return new String[] {"ingest", file.toString(), "--source", "cli", "--bootstrap-servers", bootstrap,
            "--registry-url", kafka.registryUrl(), "--set", "topics.prefix=" + prefix,
            "--set", "ingest.checkpoint-dir=" + dir.resolve("cp")};
    }

    private String createdTopics(KafkaPlatform kafka) {
        String prefix = "cli" + UUID.randomUUID().toString().substring(0, 8) + ".";
        assertEquals(0, Main.run("topics", "create", "--bootstrap-servers", kafka.bootstrapServers(), "--set", "topics.prefix=" + prefix));
        return prefix;
    }

    @Test
    void exitsZeroWhenEveryRecordIsProduced(KafkaPlatform kafka) throws Exception {
        Path file = Files.writeString(dir.resolve("good.jsonl"), "{\"text\":\"a\"}\n{\"prompt\":\"p\",\"completion\":\"c\"}\n");
        assertEquals(0, Main.run(args(kafka, createdTopics(kafka), file, kafka.bootstrapServers())));
    }

    @Test
    void exitsThreeWhenSomeRecordsAreRejected(KafkaPlatform kafka) throws Exception {
        Path file = Files.writeString(dir.resolve("mixed.jsonl"), "{\"text\":\"a\"}\nnot json\n");
        assertEquals(IngestCommand.SOME_REJECTED, Main.run(args(kafka, createdTopics(kafka), file, kafka.bootstrapServers())));
    }

    @Test
    void exitsOneWhenTheBrokerIsUnreachable(KafkaPlatform kafka) throws Exception {
        Path file = Files.writeString(dir.resolve("good.jsonl"), "{\"text\":\"a\"}\n");
        assertEquals(UserErrors.USER_ERROR, Main.run(args(kafka, "x.", file, "127.0.0.1:1")));
    }

    @Test
    void rateAcceptsPerSecondSuffix() {
        assertEquals(500.0, IngestCommand.parseRate("500/s"));
        assertEquals(2.5, IngestCommand.parseRate("2.5"));
    }
}
