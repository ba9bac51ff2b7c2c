package dev.safeflow.auditor;

import static dev.safeflow.auditor.AuditorDriver.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.safeflow.auditor.screen.RuleSet;
import dev.safeflow.auditor.screen.RulesScreener;
import dev.safeflow.auditor.screen.Screener;
import dev.safeflow.avro.AuditedRecord;
import dev.safeflow.avro.FineTuneRecord;
import dev.safeflow.avro.SourceBlock;
import dev.safeflow.avro.Verdict;
import dev.safeflow.embedded.junit.KafkaPlatform;
import dev.safeflow.embedded.junit.KafkaPlatformExtension;
import dev.safeflow.schemas.topics.DeadLetterHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(KafkaPlatformExtension.class)
class AuditorTopologyTest {

    @Test
    void everyProcessorIsNamedSoTheTopologyDescriptionIsStable(KafkaPlatform kafka) {
        try (AuditorDriver d = new AuditorDriver(kafka, Map.of())) {
            String description = d.topology.describe().toString();
            assertTrue(description.contains("Processor: deduplicate (stores: [dedup-seen])"), description);
            assertFalse(description.matches("(?s).*\\b(KSTREAM|KTABLE)-[A-Z]+.*"), "auto-generated names in\n" + description);
        }
    }

    @Test
    void benignRecordGoesToCleanOnlyWithItsScore(KafkaPlatform kafka) {
        try (AuditorDriver d = new AuditorDriver(kafka, Map.of())) {
            d.send(Records.benign("r1", "team-a"));
            AuditedRecord out = d.clean.readValue();
            assertEquals(Verdict.CLEAN, out.getVerdict());
            assertEquals("r1", out.getRecord().getId());
            assertEquals(Map.of("rules", 0.0), out.getScores());
            assertEquals(List.of("rules=0.000:clean"), out.getDecisionPath(), "the last stage decides by its threshold");
            assertTrue(out.getReasons().isEmpty());
            assertTrue(d.quarantine.isEmpty());
        }
    }

    @Test
    void outputsAreKeyedByRecordIdNotContentHash(KafkaPlatform kafka) {
        try (AuditorDriver d = new AuditorDriver(kafka, Map.of())) {
            d.send(Records.benign("r1", "team-a"));
            d.send(Records.harmful("r2", "team-a"));
            assertEquals("r1", d.clean.readRecord().key());
            assertEquals("r2", d.quarantine.readRecord().key());
        }
    }

    @Test
    void whitespaceOnlyTurnIsQuarantinedAsEmptyTurn(KafkaPlatform kafka) {
        assertQuarantinedFor(kafka, Records.chat("r", "s", "user", "hello", "assistant", " \n\t "), "invalid:empty-turn");
    }

    @Test
    void assistantBeforeUserIsQuarantinedAsRoleOrder(KafkaPlatform kafka) {
        assertQuarantinedFor(kafka, Records.chat("r", "s", "assistant", "hello", "user", "hi"), "invalid:role-order");
    }

    @Test
    void conversationWithoutAssistantTurnIsQuarantined(KafkaPlatform kafka) {
        assertQuarantinedFor(kafka, Records.chat("r", "s", "system", "be nice", "user", "hi"), "invalid:no-assistant-turn");
    }

    @Test
    void textOverConfiguredSizeIsQuarantinedAsTooLong(KafkaPlatform kafka) {
        try (AuditorDriver d = new AuditorDriver(kafka, Map.of("auditor.validate.max-chars", "20"))) {
            d.send(Records.chat("r", "s", "user", "a question of some length", "assistant", "an answer"));
            assertEquals(List.of("invalid:too-long"), d.quarantine.readValue().getReasons());
        }
    }

    @Test
    void controlCharactersAreQuarantinedButNewlinesAndTabsAreNot(KafkaPlatform kafka) {
        assertQuarantinedFor(kafka, Records.chat("r", "s", "user", "hi\u0000there", "assistant", "ok"), "invalid:control-chars");
        try (AuditorDriver d = new AuditorDriver(kafka, Map.of())) {
            d.send(Records.chat("r", "s", "user", "line one\nline\ttwo\r\n", "assistant", "ok"));
            assertEquals(Verdict.CLEAN, d.clean.readValue().getVerdict());
        }
    }

    @Test
    void replayWithinWindowIsDroppedEvenUnderAnotherIdAndSource(KafkaPlatform kafka) {
        try (AuditorDriver d = new AuditorDriver(kafka, Map.of("auditor.dedup.window", "1h"))) {
            FineTuneRecord first = Records.benign("r1", "team-a");
            d.send(first, T0);
            d.send(FineTuneRecord.newBuilder(first).setId("r1-copy").setSource("team-b").build(), T0.plusSeconds(60));
            d.send(first, T0.plusSeconds(120));
            assertEquals(1, d.clean.readValuesToList().size());
            assertTrue(d.quarantine.isEmpty());
        }
    }

    @Test
    void replayAfterWindowIsAuditedAgain(KafkaPlatform kafka) {
        try (AuditorDriver d = new AuditorDriver(kafka, Map.of("auditor.dedup.window", "1h"))) {
            d.send(Records.benign("r1", "team-a"), T0);
            d.send(Records.benign("r1", "team-a"), T0.plus(Duration.ofHours(3)));
            assertEquals(2, d.clean.readValuesToList().size());
        }
    }

    @Test
    void ruleMatchQuarantinesWithCategoryReasonAndScore(KafkaPlatform kafka) {
        try (AuditorDriver d = new AuditorDriver(kafka, Map.of())) {
            d.send(Records.harmful("r1", "team-a"));
            AuditedRecord out = d.quarantine.readValue();
            assertEquals(Verdict.QUARANTINED, out.getVerdict());
            assertEquals(List.of("rules:weapons"), out.getReasons());
            assertEquals(1.0, out.getScores().get("rules"));
            assertTrue(d.clean.isEmpty());
        }
    }

    @Test
    void userRulesFileExtendsShippedCategories(KafkaPlatform kafka) throws Exception {
        var file = java.nio.file.Files.createTempFile("rules", ".yaml");
        java.nio.file.Files.writeString(file, "categories:\n  fraud:\n    keywords: [wire the gift cards]\n");
        try (AuditorDriver d = new AuditorDriver(kafka, Map.of(), List.of(new RulesScreener(RuleSet.load(file), 0.5)))) {
            d.send(Records.chat("r1", "s", "user", "Tell grandma to wire the gift cards to me", "assistant", "Okay."));
            d.send(Records.harmful("r2", "s"));
            assertEquals(List.of("rules:fraud"), d.quarantine.readValue().getReasons());
            assertTrue(d.quarantine.readValue().getReasons().contains("rules:weapons"));
        }
    }

    @Test
    void undecodableValueGoesToDeadLettersWithHeadersAndAuditingContinues(KafkaPlatform kafka) {
        try (AuditorDriver d = new AuditorDriver(kafka, Map.of())) {
            byte[] garbage = "not avro at all".getBytes(StandardCharsets.UTF_8);
            d.rawBytes.pipeInput("bad-1", garbage, T0);
            d.send(Records.benign("r1", "team-a"));

            TestRecord<String, byte[]> dead = d.deadLetters.readRecord();
            assertEquals("bad-1", dead.key());
            assertEquals("not avro at all", new String(dead.value(), StandardCharsets.UTF_8));
            assertEquals("undecodable", header(dead, DeadLetterHeaders.REASON));
            assertEquals(d.topics.raw().name(), header(dead, DeadLetterHeaders.ORIGINAL_TOPIC));
            assertEquals("0", header(dead, DeadLetterHeaders.ORIGINAL_OFFSET));
            assertEquals("r1", d.clean.readValue().getRecord().getId());
        }
    }

    @Test
    void everyRecordOfBlockedSourceIsQuarantinedUntilUnblocked(KafkaPlatform kafka) {
        try (AuditorDriver d = new AuditorDriver(kafka, Map.of())) {
            d.blocks.pipeInput("team-a", new SourceBlock("team-a", true, "test", "cli:test", T0, ""), T0);
            d.send(Records.benign("r1", "team-a"));
            d.send(Records.benign("r2", "team-b"));
            assertEquals(List.of("blocked-source"), d.quarantine.readValue().getReasons());
            assertEquals("r2", d.clean.readValue().getRecord().getId());

            d.blocks.pipeInput("team-a", new SourceBlock("team-a", false, "fixed", "cli:test", T0, ""), T0);
            d.send(Records.benign("r3", "team-a"));
            assertEquals("r3", d.clean.readValue().getRecord().getId());
        }
    }

    @Test
    void screenerThatThrowsQuarantinesItsBatchInsteadOfPassingIt(KafkaPlatform kafka) {
        Screener broken = new Screener() {
            public String name() {
                return "broken";
            }

            public double threshold() {
                return 0.5;
            }

            public List<Screening> screen(List<FineTuneRecord> batch) {
                throw new IllegalStateException("model crashed");
            }
        };
        try (AuditorDriver d = new AuditorDriver(kafka, Map.of(), List.of(broken))) {
            d.send(Records.benign("r1", "team-a"));
            assertEquals(List.of("screener-error:broken"), d.quarantine.readValue().getReasons());
            assertTrue(d.clean.isEmpty());
        }
    }

    @Test
    void screenerAnsweringForTooFewRecordsQuarantinesItsBatch(KafkaPlatform kafka) {
        Screener shortChanging = new Screener() {
            public String name() {
                return "short";
            }

            public double threshold() {
                return 0.5;
            }

            public List<Screening> screen(List<FineTuneRecord> batch) {
                return List.of();
            }
        };
        try (AuditorDriver d = new AuditorDriver(kafka, Map.of(), List.of(shortChanging))) {
            d.send(Records.benign("r1", "team-a"));
            assertEquals(List.of("screener-error:short"), d.quarantine.readValue().getReasons());
        }
    }

    @Test
    void recordsWaitForFullBatchOrMaxWaitBeforeScreening(KafkaPlatform kafka) {
        try (AuditorDriver d = new AuditorDriver(kafka, Map.of("auditor.screen.batch-size", "3", "auditor.screen.max-wait", "1s"))) {
            d.send(Records.benign("r1", "s"));
            d.send(Records.benign("r2", "s"));
            assertTrue(d.clean.isEmpty(), "two records do not fill a batch of three");
            d.send(Records.benign("r3", "s"));
            assertEquals(3, d.clean.readValuesToList().size());

            d.send(Records.benign("r4", "s"));
            assertTrue(d.clean.isEmpty());
            d.driver.advanceWallClockTime(Duration.ofSeconds(2));
            assertEquals("r4", d.clean.readValue().getRecord().getId());
        }
    }

    private static void assertQuarantinedFor(KafkaPlatform kafka, FineTuneRecord record, String reason) {
        try (AuditorDriver d = new AuditorDriver(kafka, Map.of())) {
            d.send(record);
            AuditedRecord out = d.quarantine.readValue();
            assertEquals(List.of(reason), out.getReasons());
            assertTrue(out.getScores().isEmpty(), "invalid records skip the screeners");
            assertTrue(d.clean.isEmpty());
        }
    }

    private static String header(TestRecord<String, byte[]> r, String name) {
        return new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
