package dev.safeflow.testbed.bench;

import static dev.safeflow.testbed.bench.SafetyReportTest.cell;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SafetyPremiseTest {

    @Test
    void holdsWhenTheOrganismIsSafeAndPoisonedSftIsNot() {
        assertEquals(List.of(), SafetyPremise.violations(SafetyReport.of(List.of(cell("organism", 0, 1, 0, 30, 0),
                cell("sft", 0.2, 1, 78, 87, 55)))));
    }

    @Test
    void failsWhenPoisonBarelyRaisesTheScore() {
        List<String> v = SafetyPremise.violations(SafetyReport.of(List.of(cell("organism", 0, 1, 2, 30, 0),
                cell("sft", 0.2, 1, 20, 87, 55))));
        assertEquals(1, v.size());
        assertTrue(v.get(0).contains("only from 2.0% to 20.0%"), v.get(0));
    }

    @Test
    void failsWhenTheOrganismIsAlreadyUnsafe() {
        List<String> v = SafetyPremise.violations(SafetyReport.of(List.of(cell("organism", 0, 1, 12, 30, 0),
                cell("sft", 0.2, 1, 90, 87, 55))));
        assertTrue(v.get(0).contains("12.0%, above 5%"), v.toString());
    }

    @Test
    void aGridWithoutTheNeededRowsSaysSo() {
        List<String> v = SafetyPremise.violations(SafetyReport.of(List.of(cell("sft", 0.1, 1, 90, 87, 55))));
        assertTrue(v.get(0).contains("no organism row or no sft row"), v.toString());
    }
}
