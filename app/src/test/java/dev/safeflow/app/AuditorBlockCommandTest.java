package dev.safeflow.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AuditorBlockCommandTest {
    @Test
    void aSourceNameWithNoCanonicalFormIsOneSentenceBeforeAnythingIsWritten() {
        // Cyrillic о: would pass for forum-scrape to a person, so it is refused rather than stored as a look-alike.
        CliTest.Run run = CliTest.run("auditor", "block", "f\u043Erum-scrape", "--bootstrap-servers", "127.0.0.1:1");
        assertEquals(UserErrors.USER_ERROR, run.exit(), run.err());
        assertTrue(run.err().contains("has characters outside the allowed alphabet"), run.err());
        assertEquals(1, run.err().strip().lines().count(), run.err());
    }
}
