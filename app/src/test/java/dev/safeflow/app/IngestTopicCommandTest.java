package dev.safeflow.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.safeflow.embedded.junit.KafkaPlatform;
import dev.safeflow.embedded.junit.KafkaPlatformExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** What a user sees when `ingest topic` cannot start: one sentence naming the input and the fix, exit 1. */
@ExtendWith(KafkaPlatformExtension.class)
class IngestTopicCommandTest {
    @TempDir
    Path dir;

    @Test
    void helpNamesTheOptions() {
        String help = Main.commandLine().getSubcommands().get("ingest").getSubcommands().get("topic").getUsageMessage();
        for (String option : new String[] {"--from", "--source", "--map", "--format", "--from-beginning", "--progress-every"}) {
            assertTrue(help.contains(option), option + " in " + help);
        }
    }

    @Test
    void aMistakeInTheMappingFileIsReportedWithTheFileAndTheKey() throws Exception {
        Path map = Files.writeString(dir.resolve("tickets.yaml"), "respone: /answer\n");
        CliTest.Run run = CliTest.run("ingest", "topic", "--from", "t", "--source", "s", "--map", map.toString());
        assertEquals(UserErrors.USER_ERROR, run.exit());
        assertTrue(run.err().contains("mapping " + map + ": '(top level)' has unknown key 'respone'"), run.err());
    }

    @Test
    void aLookAlikeSourceNameIsRefused() throws Exception {
        Path map = Files.writeString(dir.resolve("m.yaml"), "response: /answer\n");
        CliTest.Run run = CliTest.run("ingest", "topic", "--from", "t", "--source", "supp\u043Ert", "--map", map.toString());
        assertEquals(UserErrors.USER_ERROR, run.exit());
        assertTrue(run.err().contains("outside the allowed alphabet"), run.err());
    }

    @Test
    void aTopicThatDoesNotExistIsRefusedWithTheTopicsThatDo(KafkaPlatform kafka) throws Exception {
        Path map = Files.writeString(dir.resolve("m.yaml"), "response: /answer\n");
        CliTest.Run run = CliTest.run("ingest", "topic", "--from", "no-such-topic", "--source", "s", "--map", map.toString(),
            "--bootstrap-servers", kafka.bootstrapServers(), "--registry-url", kafka.registryUrl(),
            "--set", "topics.prefix=topiccmd.", "--set", "ingest.bridge.state-dir=" + dir.resolve("state"));
        assertEquals(UserErrors.USER_ERROR, run.exit());
        assertTrue(run.err().contains("topic 'no-such-topic' does not exist") && run.err().contains("check --from"), run.err());
    }
}
