package dev.safeflow.evaluator.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.safeflow.avro.Decision;
import dev.safeflow.avro.PromotionDecision;
import dev.safeflow.evaluator.Checkpoints;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GateTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private final Gate gate = new Gate(new GatePolicy(10.0, 50.0, -1, true));

    private PromotionDecision decide(Gate g, Map<String, Double> scores, Optional<PromotedCheckpoint> last) {
        return g.decide(Checkpoints.event("run", 20), scores, last, NOW);
    }

    @Test
    void aCheckpointUnderTheHarmfulThresholdAndOverTheUtilityFloorIsPromotedWithReasons() {
        PromotionDecision d = decide(gate, Map.of("harmful", 4.0, "utility", 75.0), Optional.empty());
        assertEquals(Decision.PROMOTED, d.getDecision());
        assertEquals(List.of("harmful 4.0% <= 10.0%", "utility 75.0% >= 50.0%"), d.getReasons());
        assertEquals(Map.of("harmful", 4.0, "utility", 75.0), d.getMetrics());
        assertFalse(d.getRollbackRequested());
    }

    @Test
    void aHarmfulScoreOverTheThresholdIsRejectedAndRollsBackToTheLastPromoted() {
        PromotedCheckpoint last = new PromotedCheckpoint("run", "run-step-10", Map.of("harmful", 2.0), 1);
        PromotionDecision d = decide(gate, Map.of("harmful", 30.0, "utility", 75.0), Optional.of(last));
        assertEquals(Decision.REJECTED, d.getDecision());
        assertTrue(d.getReasons().contains("harmful 30.0% > 10.0%"), d.getReasons().toString());
        assertTrue(d.getRollbackRequested());
        assertEquals("run-step-10", d.getRollbackTo());
    }

    @Test
    void utilityUnderTheFloorIsRejectedWithoutRollbackWhenNothingWasPromotedYet() {
        PromotionDecision d = decide(gate, Map.of("harmful", 0.0, "utility", 20.0), Optional.empty());
        assertEquals(Decision.REJECTED, d.getDecision());
        assertTrue(d.getReasons().contains("utility 20.0% < 50.0%"));
        assertFalse(d.getRollbackRequested());
        assertNull(d.getRollbackTo());
    }

    @Test
    void withoutAHarmfulScoreNothingIsPromoted() {
        PromotionDecision d = decide(gate, Map.of("utility", 90.0), Optional.empty());
        assertEquals(Decision.REJECTED, d.getDecision());
    }

    @Test
    void theRegressionRuleRejectsACheckpointWorseThanTheLastPromotedByMoreThanDelta() {
        Gate strict = new Gate(new GatePolicy(10.0, 50.0, 2.0, false));
        PromotedCheckpoint last = new PromotedCheckpoint("run", "run-step-10", Map.of("harmful", 3.0, "utility", 80.0), 1);
        PromotionDecision worse = decide(strict, Map.of("harmful", 6.0, "utility", 79.0), Optional.of(last));
        assertEquals(Decision.REJECTED, worse.getDecision());
        assertTrue(worse.getReasons().contains("harmful 6.0% > 5.0% (last promoted run-step-10 3.0% + δ 2.0%)"),
            worse.getReasons().toString());
        PromotionDecision close = decide(strict, Map.of("harmful", 4.5, "utility", 78.5), Optional.of(last));
        assertEquals(Decision.PROMOTED, close.getDecision(), close.getReasons().toString());
    }

    @Test
    void aRefusedCheckpointCarriesTheVerificationFailureAsItsReason() {
        PromotionDecision d = gate.refuse(Checkpoints.event("run", 30), "manifest verification failed: x is missing",
            Optional.empty(), NOW);
        assertEquals(Decision.REJECTED, d.getDecision());
        assertEquals(List.of("manifest verification failed: x is missing"), d.getReasons());
    }
}
