package dev.safeflow.ingest.http;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TokenGrantsTest {

    @Test
    void eachTokenMaySendOnlyAsItsGrantedSourcesInCanonicalForm() {
        TokenGrants grants = TokenGrants.parse("alpha-token=Team-A|forum\u2010scrape, beta-token=team-b", null);
        TokenGrants.Caller alpha = grants.caller("Bearer alpha-token");
        assertTrue(alpha.known());
        assertTrue(alpha.may("team-a"));
        assertTrue(alpha.may("forum-scrape"), "the grant was written with U+2010; its canonical form has a plain hyphen");
        assertFalse(alpha.may("team-b"));
        assertTrue(grants.caller("Bearer beta-token").may("team-b"));
        assertFalse(grants.caller("Bearer gamma").known());
        assertFalse(grants.caller(null).known());
    }

    @Test
    void theSingleTokenSettingStillMaySendAsAnySourceAndStarGrantsEverySource() {
        assertTrue(TokenGrants.parse("", "old-token").caller("Bearer old-token").may("whoever"));
        assertTrue(TokenGrants.parse("ops=*", null).caller("Bearer ops").may("anyone"));
    }

    @Test
    void misconfiguredGrantsAreOneSentenceThatNeverShowsTheWholeToken() {
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class, () -> TokenGrants.parse("", ""));
        assertTrue(none.getMessage().contains("ingest.http.tokens"), none.getMessage());
        IllegalArgumentException noSources = assertThrows(IllegalArgumentException.class,
            () -> TokenGrants.parse("supersecret=", null));
        assertFalse(noSources.getMessage().contains("supersecret"), noSources.getMessage());
        IllegalArgumentException badSource = assertThrows(IllegalArgumentException.class,
            () -> TokenGrants.parse("supersecret=../etc/passwd", null));
        assertFalse(badSource.getMessage().contains("supersecret"), badSource.getMessage());
        assertTrue(badSource.getMessage().contains("invalid source"), badSource.getMessage());
    }
}
