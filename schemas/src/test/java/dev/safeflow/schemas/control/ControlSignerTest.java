package dev.safeflow.schemas.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.safeflow.avro.CheckpointEvent;
import dev.safeflow.avro.Decision;
import dev.safeflow.avro.PartitionOffset;
import dev.safeflow.avro.PromotionDecision;
import dev.safeflow.avro.SourceBlock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ControlSignerTest {
    private static final ControlSigner OPERATOR = ControlSigner.ofKey("k".repeat(64), "ops:alice");
    private static final ControlSigner OTHER = ControlSigner.ofKey("x".repeat(64), "ops:alice");
    private static final SourceBlock BLOCK = SourceBlock.newBuilder().setSource("forum-scrape").setBlocked(true)
        .setReason("spam").setActor("").setAt(Instant.parse("2026-12-02T00:00:00Z")).build();

    static CheckpointEvent checkpoint() {
        return CheckpointEvent.newBuilder().setCheckpointId("run-step-1").setRunId("run").setStep(1).setMethod("sft")
            .setBaseModel("/models/base").setUri("file:///ck/run-step-1").setManifestSha256("ab".repeat(32))
            .setOffsets(List.of(new PartitionOffset("ft.clean", 0, 10L))).setMetrics(Map.of("task_loss", 1.5))
            .setCreatedAt(Instant.parse("2026-12-02T00:00:00Z")).build();
    }

    @Test
    void aSignedBlockPassesAndNamesTheSignersActor() {
        SourceBlock signed = OPERATOR.sign(BLOCK);
        assertEquals("ops:alice", signed.getActor());
        assertEquals(64, signed.getSignature().length());
        assertNull(OPERATOR.problem(signed));
    }

    @Test
    void anUnsignedForgedOrAlteredEventIsRefused() {
        assertTrue(OPERATOR.problem(BLOCK).startsWith("unsigned"));
        assertTrue(OPERATOR.problem(OTHER.sign(BLOCK)).startsWith("bad signature"));
        SourceBlock unblock = SourceBlock.newBuilder(OPERATOR.sign(BLOCK)).setBlocked(false).build();
        assertTrue(OPERATOR.problem(unblock).startsWith("bad signature"), "flipping blocked breaks the signature");
        SourceBlock renamed = SourceBlock.newBuilder(OPERATOR.sign(BLOCK)).setActor("auditor").build();
        assertNotNull(OPERATOR.problem(renamed), "the actor is covered too");
        assertNotNull(OPERATOR.problem(SourceBlock.newBuilder(BLOCK).setSignature("zz").build()));
    }

    @Test
    void checkpointEventsAndPromotionsAreCoveredFieldByField() {
        CheckpointEvent signed = OPERATOR.sign(checkpoint());
        assertNull(OPERATOR.problem(signed));
        assertNotNull(OPERATOR.problem(CheckpointEvent.newBuilder(signed).setUri("file:///tmp/evil").build()));
        assertNotNull(OPERATOR.problem(CheckpointEvent.newBuilder(signed).setManifestSha256("").build()));
        assertNotNull(OPERATOR.problem(CheckpointEvent.newBuilder(signed).setMetrics(Map.of("task_loss", 1.25)).build()));

        PromotionDecision d = OPERATOR.sign(PromotionDecision.newBuilder().setRunId("run").setCheckpointId("run-step-1")
            .setDecision(Decision.REJECTED).setDecidedAt(Instant.EPOCH).build());
        assertNull(OPERATOR.problem(d));
        assertNotNull(OPERATOR.problem(PromotionDecision.newBuilder(d).setDecision(Decision.PROMOTED).build()));
    }

    @Test
    void withoutAKeyEventsAreWrittenUnsignedAndEveryCheckPasses() {
        assertEquals("", ControlSigner.UNSIGNED.sign(BLOCK).getSignature());
        assertNull(ControlSigner.UNSIGNED.problem(OTHER.sign(BLOCK)));
    }

    @Test
    void aShortKeyIsRefusedWithHowToMakeOne() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ControlSigner.ofKey("secret", "x"));
        assertTrue(e.getMessage().contains("openssl rand -hex 32"), e.getMessage());
    }
}
