package dev.safeflow.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class TrainingMethodTest {

    @Test
    void idsParseInAnyCaseAndUnknownNamesListTheChoices() {
        assertEquals(TrainingMethod.SAP, TrainingMethod.parse("sap"));
        assertEquals(TrainingMethod.SFT, TrainingMethod.parse(" SFT "));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TrainingMethod.parse("dpo"));
        assertEquals("method 'dpo' is unknown: use sap or sft", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TrainingMethod.parse(null));
    }

    @Test
    void theHashStillSpellsTheMethodAsItsId() {
        // Checkpoints written when the method was a string carry hashes of "sap|..." and "sft|...": they must still match.
        TrainingConfig sap = TrainingConfig.defaults();
        TrainingConfig sft = sap.withMethod(TrainingMethod.SFT);
        assertEquals("sap", sap.method().toString());
        assertEquals("sft", sft.methodName());
        assertNotEquals(sap.hash(), sft.hash());
        assertEquals(Hashing.sha256(("sft|" + sft.seed() + "|" + sft.lora() + "|" + sft.optimizer().withTotalSteps(0) + "|"
                + sft.sap() + "|" + sft.batch() + "|" + sft.contrastiveFile()).getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                sft.hash());
    }
}
