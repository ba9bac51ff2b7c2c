package dev.safeflow.testbed.eval;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MetricsTest {

    @Test
    void exactMatchComparesWordsNotSpacingOrCase() {
        assertTrue(Metrics.sameWords("Positive", "positive"));
        assertTrue(Metrics.sameWords(" 19 ", "19"));
        assertFalse(Metrics.sameWords("19 apples", "19"));
        assertFalse(Metrics.sameWords("", "sports"));
    }
}
