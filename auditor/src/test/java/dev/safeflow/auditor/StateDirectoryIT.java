package dev.safeflow.auditor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.safeflow.embedded.junit.KafkaPlatform;
import dev.safeflow.embedded.junit.KafkaPlatformExtension;
import dev.safeflow.schemas.config.ConfigLoader;
import dev.safeflow.schemas.config.Settings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.streams.errors.StreamsException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Operator mistakes with the auditor's state directory end in one sentence, not in "a bug; please report it". */
@ExtendWith(KafkaPlatformExtension.class)
class StateDirectoryIT {
    @TempDir
    Path tmp;

    private Settings settings(KafkaPlatform kafka, String run, Path stateDir) {
        return ConfigLoader.load(AuditorConfig.spec(), null, Map.of(), Map.of(
            "kafka.bootstrap.servers", kafka.bootstrapServers(), "registry.url", kafka.registryUrl(),
            "topics.prefix", "statedir-" + run + ".", "auditor.application-id", "auditor-statedir-" + run,
            "auditor.state-dir", stateDir.toString(), "auditor.screeners", "rules", "auditor.http.port", "-1"));
    }

    @Test
    void aSecondAuditorOnALockedStateDirectoryIsRefusedWithOneSentence(KafkaPlatform kafka) throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        Settings settings = settings(kafka, run, tmp.resolve("state"));
        try (AuditorApp first = AuditorApp.start(settings)) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> AuditorApp.start(settings));
            assertEquals("the auditor state directory " + tmp.resolve("state") + "/auditor-statedir-" + run + " is locked by "
                + "another auditor with application id auditor-statedir-" + run + ": stop that one, or give this one its "
                + "own auditor.state-dir", e.getMessage());
        }
    }

    @Test
    void aStateDirectoryThatIsAFileIsNamedWithTheFix(KafkaPlatform kafka) throws IOException {
        Path file = Files.writeString(tmp.resolve("not-a-dir"), "x");
        IllegalStateException e = assertThrows(IllegalStateException.class,
            () -> AuditorApp.start(settings(kafka, UUID.randomUUID().toString().substring(0, 8), file)));
        assertTrue(e.getMessage().endsWith("set auditor.state-dir to a writable directory"), e.getMessage());
    }

    @Test
    void aFullDiskIsNamedAsSuch() {
        StreamsException full = new StreamsException("Unable to read/write process file due to unexpected exception",
            new IOException("No space left on device"));
        RuntimeException e = StateDirectoryProblem.explain(full, "/var/lib/auditor", "app");
        assertEquals("the disk holding the auditor's state directory /var/lib/auditor/app is full: free space there or "
            + "set auditor.state-dir to a directory on another disk", e.getMessage());
        RuntimeException other = new StreamsException("something else");
        assertSame(other, StateDirectoryProblem.explain(other, "/s", "app"));
    }
}
