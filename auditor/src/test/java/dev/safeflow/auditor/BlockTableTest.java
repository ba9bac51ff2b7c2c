package dev.safeflow.auditor;

import static dev.safeflow.auditor.AuditorDriver.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.safeflow.auditor.screen.RuleSet;
import dev.safeflow.auditor.screen.RulesScreener;
import dev.safeflow.avro.Alert;
import dev.safeflow.avro.SourceBlock;
import dev.safeflow.embedded.junit.KafkaPlatform;
import dev.safeflow.embedded.junit.KafkaPlatformExtension;
import dev.safeflow.schemas.control.ControlSigner;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Only a signed, current decision changes who is blocked; everything else is refused, reported and undone. */
@ExtendWith(KafkaPlatformExtension.class)
class BlockTableTest {
    private static final ControlSigner OPERATOR = ControlSigner.ofKey("o".repeat(64), "ops:alice");
    private static final ControlSigner FORGER = ControlSigner.ofKey("f".repeat(64), "ops:alice");

    /** Records what the running auditor would send to Kafka. */
    static final class Recorded extends ControlPlane {
        final List<Alert> alerts = new ArrayList<>();
        final List<SourceBlock> reasserted = new ArrayList<>();

        Recorded(ControlSigner signer) {
            super(signer);
        }

        @Override
        void send(Alert alert, SourceBlock inForce) {
            alerts.add(alert);
            if (inForce != null) {
                reasserted.add(inForce);
            }
        }
    }

    private static SourceBlock decision(String source, boolean blocked, long atSeconds) {
        return new SourceBlock(source, blocked, "test", "", T0.plusSeconds(atSeconds), "");
    }

    private AuditorDriver driver(KafkaPlatform kafka, Recorded control) {
        return new AuditorDriver(kafka, Map.of(), List.of(new RulesScreener(RuleSet.defaults(), 0.5)), control);
    }

    private void assertBlocked(AuditorDriver d, String id) {
        d.send(Records.benign(id, "Forum-Scrape"));
        assertEquals(List.of(Reasons.BLOCKED_SOURCE), d.quarantine.readValue().getReasons());
        assertTrue(d.clean.isEmpty());
    }

    @Test
    void aTombstoneAnUnsignedOrAForgedUnblockLeavesTheBlockInForceAndRaisesAnAlert(KafkaPlatform kafka) {
        Recorded control = new Recorded(OPERATOR);
        try (AuditorDriver d = driver(kafka, control)) {
            SourceBlock block = OPERATOR.sign(decision("forum-scrape", true, 0));
            d.blocks.pipeInput("forum-scrape", block, T0);
            assertBlocked(d, "r1");

            d.blocks.pipeInput("forum-scrape", null, T0);
            d.blocks.pipeInput("forum-scrape", decision("forum-scrape", false, 10), T0);
            d.blocks.pipeInput("forum-scrape", FORGER.sign(decision("forum-scrape", false, 20)), T0);
            assertBlocked(d, "r2");

            assertEquals(3, control.alerts.size());
            assertTrue(control.alerts.get(0).getMessage().contains("a tombstone cannot lift a block"));
            assertTrue(control.alerts.get(1).getMessage().contains("unsigned"));
            assertTrue(control.alerts.get(2).getMessage().contains("bad signature"));
            control.alerts.forEach(a -> assertEquals(ControlPlane.REFUSED_KIND, a.getKind()));
            assertEquals(List.of(block, block, block), control.reasserted, "the signed block is written again each time");
        }
    }

    @Test
    void aSignedUnblockLiftsTheBlockAndAReplayedOldBlockDoesNotComeBack(KafkaPlatform kafka) {
        Recorded control = new Recorded(OPERATOR);
        try (AuditorDriver d = driver(kafka, control)) {
            SourceBlock block = OPERATOR.sign(decision("forum-scrape", true, 0));
            d.blocks.pipeInput("forum-scrape", block, T0);
            SourceBlock unblock = OPERATOR.sign(decision("forum-scrape", false, 60));
            d.blocks.pipeInput("forum-scrape", unblock, T0);
            d.send(Records.benign("r1", "forum-scrape"));
            assertEquals("r1", d.clean.readValue().getRecord().getId());

            d.blocks.pipeInput("forum-scrape", block, T0);
            d.send(Records.benign("r2", "forum-scrape"));
            assertEquals("r2", d.clean.readValue().getRecord().getId());
            assertTrue(control.alerts.get(0).getMessage().contains("a replay"), control.alerts.toString());
        }
    }

    @Test
    void aDecisionUnderANonCanonicalKeyIsRefused(KafkaPlatform kafka) {
        Recorded control = new Recorded(OPERATOR);
        try (AuditorDriver d = driver(kafka, control)) {
            d.blocks.pipeInput("Forum-Scrape", OPERATOR.sign(decision("Forum-Scrape", true, 0)), T0);
            d.send(Records.benign("r1", "forum-scrape"));
            assertEquals("r1", d.clean.readValue().getRecord().getId());
            assertTrue(control.alerts.get(0).getMessage().contains("not one canonical source name"));
        }
    }

    @Test
    void theAuditorsOwnAutomaticBlockIsSigned(KafkaPlatform kafka) {
        Recorded control = new Recorded(ControlSigner.ofKey("o".repeat(64), "auditor"));
        try (AuditorDriver d = new AuditorDriver(kafka, Map.of("auditor.stats.window", "1m", "auditor.stats.grace", "0s",
            "auditor.alert.min-records", "1", "auditor.block.after-bad-windows", "1"),
            List.of(new RulesScreener(RuleSet.defaults(), 0.5)), control)) {
            d.send(Records.harmful("h1", "team-a"), T0);
            d.send(Records.benign("b1", "team-b"), T0.plusSeconds(120)); // closes the first window
            List<SourceBlock> blocks = d.blockOutput.readValuesToList();
            assertEquals(1, blocks.size(), blocks.toString());
            assertEquals(null, OPERATOR.problem(blocks.get(0)));
            assertEquals("auditor", blocks.get(0).getActor());
        }
    }
}
