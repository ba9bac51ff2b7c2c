package dev.safeflow.schemas.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SourceNameTest {
    @ParameterizedTest
    @ValueSource(strings = {
        "forum-scrape", "Forum-Scrape", "FORUM-SCRAPE", " forum-scrape", "forum-scrape\t", "\tforum-scrape ",
        "forum\u2010scrape", "forum\u2013scrape", "forum\u2212scrape", "forum-scrape\u200B", "\u200Bforum-scrape",
        "forum\u00AD-scrape", "\uFF46\uFF4F\uFF52\uFF55\uFF4D-scrape", "forum-scrape\u202E",
    })
    void spellingsAPersonReadsAsOneNameHaveOneCanonicalForm(String spelling) {
        assertEquals("forum-scrape", SourceName.normalise(spelling));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "f\u043Erum-scrape", "forum-scr\u0430pe", "for\u03BFum-scrape", // Cyrillic о, Cyrillic а, Greek ο
        "../../etc/passwd", "team/feed", "a\\b", "forum scrape", "bell\u0007", "new\nline", "", "   ", "\u200B",
        "-leading-dash", ".hidden", "_x",
    })
    void namesThatCouldDeceiveOrEscapeAreRefused(String spelling) {
        assertFalse(SourceName.isValid(spelling));
        assertNull(SourceName.normaliseOrNull(spelling));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SourceName.normalise(spelling));
        assertTrue(e.getMessage().contains("e.g. 'forum-scrape'"), e.getMessage());
    }

    @Test
    void theRefusalNamesTheOffendingCharacterWithoutPrintingControlCharacters() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> SourceName.normalise("f\u043Erum\u0007"));
        assertTrue(e.getMessage().contains("U+043E CYRILLIC SMALL LETTER O at position 2"), e.getMessage());
        assertTrue(e.getMessage().contains("\\u0007"), e.getMessage());
        assertFalse(e.getMessage().contains("\u0007"), e.getMessage());
    }

    @Test
    void lengthIsBoundedAfterFolding() {
        assertEquals("a".repeat(SourceName.MAX_LENGTH), SourceName.normalise("A".repeat(SourceName.MAX_LENGTH)));
        assertFalse(SourceName.isValid("a".repeat(SourceName.MAX_LENGTH + 1)));
        assertNull(SourceName.normaliseOrNull(null));
    }

    @Test
    void aCanonicalNameIsItsOwnFormAndTheShortcutKeepsEveryRule() {
        // Canonical names skip the folding; each of these sits on one edge of that shortcut.
        for (String canonical : new String[] {"a", "0", "a-", "a.b_c-9", "a".repeat(SourceName.MAX_LENGTH)}) {
            assertSame(canonical, SourceName.normalise(canonical), canonical);
        }
        for (String refused : new String[] {"-a", ".a", "_a", "a".repeat(SourceName.MAX_LENGTH + 1), "a b", "a/b", ""}) {
            assertFalse(SourceName.isValid(refused), refused);
        }
        assertEquals("ab", SourceName.normalise("a\u200Bb"));
    }

    @Test
    void ordinaryNamesKeepTheirDigitsDotsAndUnderscores() {
        assertEquals("support_chats.v2-eu", SourceName.normalise("Support_Chats.v2-EU"));
    }
}
