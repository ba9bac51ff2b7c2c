package dev.safeflow.evaluator.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class AnswerMatcherTest {

    @Test
    void exactMatchIgnoresCaseWhitespaceAndTrailingPunctuation() {
        AnswerMatcher m = AnswerMatcher.exact();
        assertTrue(m.correct("  Forty Two. ", "forty two"));
        assertFalse(m.correct("forty two and more", "forty two"));
    }

    @Test
    void theLabelParserReadsTheEarliestWholeWordLabel() {
        AnswerMatcher m = AnswerMatcher.label(List.of("positive", "negative"), List.of());
        assertEquals("negative", m.predict("The sentiment is negative, not positive."));
        assertTrue(m.correct("Answer: Positive!", "positive"));
        assertEquals("", m.predict("positively unclear"));
    }

    @Test
    void withoutConfiguredLabelsTheFilesDistinctAnswersAreTheLabelSet() {
        List<LabelledPrompt> file = List.of(new LabelledPrompt("a", "spam", null), new LabelledPrompt("b", "not spam", null));
        AnswerMatcher m = AnswerMatcher.label(List.of(), file);
        assertEquals("not spam", m.predict("this is not spam"));
        assertEquals("spam", m.predict("spam, clearly"));
    }

    @Test
    void exactMatchReadsWordLevelDecodingLikePlainText() {
        assertTrue(AnswerMatcher.exact().correct("the answer is 7 .", "The answer is 7."));
        assertTrue(AnswerMatcher.exact().correct("i can ' t", "I can't"));
    }

    @Test
    void aBlankAnswerIsNeverMatched() {
        assertFalse(AnswerMatcher.exact().correct("", " "));
    }
}
