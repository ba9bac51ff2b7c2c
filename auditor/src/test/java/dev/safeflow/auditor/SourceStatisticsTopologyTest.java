package dev.safeflow.auditor;

import static dev.safeflow.auditor.AuditorDriver.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.safeflow.avro.Alert;
import dev.safeflow.avro.Severity;
import dev.safeflow.avro.SourceBlock;
import dev.safeflow.avro.SourceStats;
import dev.safeflow.embedded.junit.KafkaPlatform;
import dev.safeflow.embedded.junit.KafkaPlatformExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(KafkaPlatformExtension.class)
class SourceStatisticsTopologyTest {
    private static final Map<String, String> ONE_MINUTE_WINDOWS = Map.of(
        "auditor.stats.window", "1m", "auditor.stats.grace", "0s",
        "auditor.alert.min-records", "2", "auditor.alert.quarantine-rate", "0.4",
        "auditor.block.after-bad-windows", "2");

    @Test
    void windowFiguresArePublishedOnceWhenTheWindowCloses(KafkaPlatform kafka) {
        try (AuditorDriver d = new AuditorDriver(kafka, ONE_MINUTE_WINDOWS)) {
            d.send(Records.benign("r1", "team-a"), T0);
            d.send(Records.benign("r1", "team-a"), T0.plusSeconds(5));
            d.send(Records.benign("r2", "team-a"), T0.plusSeconds(10));
            d.send(Records.harmful("r3", "team-a"), T0.plusSeconds(20));
            assertTrue(d.stats.isEmpty(), "the window is still open");

            d.send(Records.benign("later", "team-b"), T0.plus(Duration.ofMinutes(2)));
            List<SourceStats> published = d.stats.readValuesToList();
            assertEquals(1, published.size());
            SourceStats s = published.get(0);
            assertEquals("team-a", s.getSource());
            assertEquals(T0, s.getWindowStart());
            assertEquals(T0.plus(Duration.ofMinutes(1)), s.getWindowEnd());
            assertEquals(3, s.getCount());
            assertEquals(1, s.getQuarantined());
            assertEquals(1, s.getDuplicates());
            assertEquals(1.0 / 3, s.getQuarantineRate(), 1e-9);
            assertEquals(Map.of("rules:weapons", 1L), s.getReasons());
            assertFalse(s.getBlocked());
        }
    }

    @Test
    void quarantineRateOverThresholdRaisesOneWarning(KafkaPlatform kafka) {
        try (AuditorDriver d = new AuditorDriver(kafka, ONE_MINUTE_WINDOWS)) {
            badWindow(d, "team-a", T0);
            d.send(Records.benign("good", "team-b"), T0.plusSeconds(1));
            closeWindowsBefore(d, T0.plus(Duration.ofMinutes(2)));

            List<Alert> alerts = d.alerts.readValuesToList();
            assertEquals(1, alerts.size(), "team-b's clean window raises nothing");
            assertEquals("team-a", alerts.get(0).getSubject());
            assertEquals("quarantine-rate", alerts.get(0).getKind());
            assertEquals(Severity.WARNING, alerts.get(0).getSeverity());
        }
    }

    @Test
    void windowWithTooFewRecordsNeverAlerts(KafkaPlatform kafka) {
        try (AuditorDriver d = new AuditorDriver(kafka, ONE_MINUTE_WINDOWS)) {
            d.send(Records.harmful("h1", "team-a"), T0);
            closeWindowsBefore(d, T0.plus(Duration.ofMinutes(2)));
            assertTrue(d.alerts.isEmpty());
        }
    }

    @Test
    void sourceIsBlockedAfterConsecutiveBadWindowsAndItsRecordsGoToQuarantine(KafkaPlatform kafka) {
        try (AuditorDriver d = new AuditorDriver(kafka, ONE_MINUTE_WINDOWS)) {
            badWindow(d, "team-a", T0);
            badWindow(d, "team-a", T0.plus(Duration.ofMinutes(1)));
            closeWindowsBefore(d, T0.plus(Duration.ofMinutes(3)));

            List<SourceBlock> blocks = d.blockOutput.readValuesToList();
            assertEquals(1, blocks.size());
            assertEquals("team-a", blocks.get(0).getSource());
            assertTrue(blocks.get(0).getBlocked());
            assertEquals("auditor", blocks.get(0).getActor());
            assertTrue(d.alerts.readValuesToList().stream().anyMatch(a -> a.getKind().equals("source-blocked")
                && a.getSeverity() == Severity.CRITICAL));

            d.quarantine.readValuesToList();
            d.send(Records.benign("after-block", "team-a"), T0.plus(Duration.ofMinutes(3)));
            assertEquals(List.of("blocked-source"), d.quarantine.readValue().getReasons());
        }
    }

    @Test
    void goodWindowBetweenBadOnesResetsTheStreak(KafkaPlatform kafka) {
        try (AuditorDriver d = new AuditorDriver(kafka, ONE_MINUTE_WINDOWS)) {
            badWindow(d, "team-a", T0);
            d.send(Records.benign("g1", "team-a"), T0.plus(Duration.ofMinutes(1)));
            d.send(Records.benign("g2", "team-a"), T0.plus(Duration.ofMinutes(1)).plusSeconds(1));
            badWindow(d, "team-a", T0.plus(Duration.ofMinutes(2)));
            closeWindowsBefore(d, T0.plus(Duration.ofMinutes(4)));
            assertTrue(d.blockOutput.isEmpty());
            assertEquals(2, d.alerts.readValuesToList().size());
        }
    }

    /** Two harmful and one benign record: a rate of 2/3, over the 0.4 threshold. */
    private static void badWindow(AuditorDriver d, String source, Instant start) {
        String tag = source + "-" + start.getEpochSecond();
        d.send(Records.harmful(tag + "-h1", source), start);
        d.send(Records.harmful(tag + "-h2", source), start.plusSeconds(1));
        d.send(Records.benign(tag + "-b1", source), start.plusSeconds(2));
    }

    /** Stream time only moves with records: one from an unrelated source closes every earlier window. */
    private static void closeWindowsBefore(AuditorDriver d, Instant at) {
        d.send(Records.benign("tick-" + at.getEpochSecond(), "clock"), at);
    }
}
