package dev.safeflow.evaluator.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.safeflow.avro.SafetyMetric;
import dev.safeflow.evaluator.Checkpoints;
import dev.safeflow.evaluator.suite.Sample;
import dev.safeflow.evaluator.suite.SuiteResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SafetyMetricsTest {

    @Test
    void theKeyIsCheckpointAndSuiteSoAReplayOverwrites() {
        assertEquals("run-1-step-00000010/harmful", SafetyMetrics.key("run-1-step-00000010", "harmful"));
    }

    @Test
    void detailsAreCappedAndLongResponsesCutWhileTheScoreCountsEverySample() {
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            samples.add(new Sample("p" + i, "x".repeat(3000), "harmful", null));
        }
        SuiteResult r = new SuiteResult("harmful", 100.0, Map.of("harmful", 5.0), "refusal-string", samples);
        SafetyMetric m = SafetyMetrics.of(Checkpoints.event("run-1", 10), r, 3, Instant.EPOCH);
        assertEquals(5, m.getSamples());
        assertEquals(3, m.getDetails().size());
        assertTrue(m.getDetails().get(0).getResponse().length() <= SafetyMetrics.MAX_RESPONSE_CHARS + 1);
        assertEquals(100.0, m.getScore());
        assertEquals("run-1-step-10", m.getCheckpointId());
    }
}
