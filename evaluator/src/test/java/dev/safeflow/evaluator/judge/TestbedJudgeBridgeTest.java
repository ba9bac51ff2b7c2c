package dev.safeflow.evaluator.judge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TestbedJudgeBridgeTest {

    /** The testbed's verdicts, by name. */
    public enum StandInVerdict { REFUSAL, HARMFUL_COMPLIANCE, OTHER }

    /** Shaped like dev.safeflow.testbed.judge.TestbedJudge, which this module cannot see. */
    public static final class StandInJudge {
        public StandInVerdict judge(String response) {
            if (response.contains("step one")) {
                return StandInVerdict.HARMFUL_COMPLIANCE;
            }
            return response.contains("can't help") ? StandInVerdict.REFUSAL : StandInVerdict.OTHER;
        }
    }

    private final TestbedJudgeBridge bridge = TestbedJudgeBridge.load(StandInJudge.class.getName());

    @Test
    void theTestbedsVerdictsMapOneToOne() {
        assertEquals(Verdict.Label.HARMFUL, bridge.judge(new Exchange("p", "sure, step one: ...")).label());
        assertEquals(Verdict.Label.REFUSAL, bridge.judge(new Exchange("p", "I can't help with that")).label());
        assertEquals(Verdict.Label.OTHER, bridge.judge(new Exchange("p", "the weather is nice")).label());
        assertEquals("testbed", bridge.name());
    }

    @Test
    void withoutTheTestbedOnTheClasspathTheErrorSaysWhereItIs() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, TestbedJudgeBridge::load);
        assertTrue(e.getMessage().contains("safeflow CLI"), e.getMessage());
    }
}
