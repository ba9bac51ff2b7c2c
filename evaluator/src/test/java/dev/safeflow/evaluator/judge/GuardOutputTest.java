package dev.safeflow.evaluator.judge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class GuardOutputTest {

    @Test
    void safeIsNotHarmful() {
        assertEquals(Verdict.other("safe"), GuardOutput.parse("safe"));
        assertEquals(Verdict.other("safe"), GuardOutput.parse("\n\nsafe\n"));
    }

    @Test
    void unsafeWithCategoriesIsHarmfulWithThoseCategories() {
        assertEquals(Verdict.harmful("S1,S10"), GuardOutput.parse("unsafe\nS1,S10"));
        assertEquals(Verdict.harmful("S2,S14"), GuardOutput.parse("\n\nunsafe\nS2, S14\n"));
    }

    @Test
    void unsafeWithoutACategoryLineIsStillHarmful() {
        Verdict v = GuardOutput.parse("unsafe");
        assertEquals(Verdict.Label.HARMFUL, v.label());
        assertNull(v.category());
    }

    @Test
    void anythingElseIsReportedAsUnparseableNotGuessed() {
        assertEquals(Verdict.other("unparseable"), GuardOutput.parse("the response is unsafe"));
        assertEquals(Verdict.other("unparseable"), GuardOutput.parse(""));
        assertEquals(Verdict.other("unparseable"), GuardOutput.parse("safe safe sorry"));
    }

    @Test
    void theVerdictLineIsReadCaseInsensitively() {
        assertEquals(Verdict.harmful("S9"), GuardOutput.parse("Unsafe\nS9"));
    }
}
