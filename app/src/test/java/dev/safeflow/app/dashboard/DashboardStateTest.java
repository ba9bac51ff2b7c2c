package dev.safeflow.app.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.safeflow.app.dashboard.DashboardSnapshot.Checkpoint;
import dev.safeflow.app.dashboard.DashboardSnapshot.RatePoint;
import dev.safeflow.app.dashboard.DashboardSnapshot.SourceSeries;
import dev.safeflow.avro.AuditedRecord;
import dev.safeflow.avro.ChatMessage;
import dev.safeflow.avro.SourceStats;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class DashboardStateTest {
    private final SampleRun run = new SampleRun();

    @Test
    void quarantineRateKeepsOnlyTheNewestWindowsPerSource() {
        DashboardState state = new DashboardState(3, 10);
        run.stats().forEach(state::onStats);

        List<SourceSeries> series = state.snapshot().quarantineRate();
        assertEquals(new TreeSet<>(SampleRun.SOURCES), new TreeSet<>(series.stream().map(SourceSeries::source).toList()));
        SourceSeries bad = series.stream().filter(s -> s.source().equals(SampleRun.BAD_SOURCE)).findFirst().orElseThrow();
        assertEquals(3, bad.points().size());
        assertEquals(List.of(0.38, 0.45, 0.52), bad.points().stream().map(RatePoint::rate).toList());
        assertTrue(bad.blocked(), "the last window of the bad source says it is blocked");
    }

    @Test
    void aReEmittedWindowReplacesItsEarlierCountInsteadOfAddingAPoint() {
        DashboardState state = new DashboardState(10, 10);
        SourceStats first = run.stats().get(0);
        state.onStats(first);
        state.onStats(SourceStats.newBuilder(first).setCount(400).setQuarantined(40).setQuarantineRate(0.1).build());

        List<RatePoint> points = state.snapshot().quarantineRate().get(0).points();
        assertEquals(1, points.size());
        assertEquals(0.1, points.get(0).rate());
        assertEquals(400, points.get(0).count());
    }

    @Test
    void recentQuarantinedRecordsAreNewestFirstAndBounded() {
        DashboardState state = new DashboardState(10, 2);
        run.quarantined().forEach(state::onQuarantined);

        var recent = state.snapshot().recentQuarantined();
        assertEquals(List.of("rec-4", "rec-3"), recent.stream().map(DashboardSnapshot.Quarantined::id).toList());
        assertEquals(List.of("rules:harassment"), recent.get(0).reasons());
    }

    @Test
    void firstUserTurnIsOneLineAndTruncatedSoTheTableNeverRepublishesAWholePrompt() {
        String longTurn = "line one\n\n" + "x".repeat(500);
        String shown = DashboardState.firstUserTurn(List.of(new ChatMessage("system", "be nice"), new ChatMessage("user", longTurn)));

        assertEquals(DashboardState.TURN_CHARS, shown.length());
        assertTrue(shown.startsWith("line one xxx"), shown);
        assertTrue(shown.endsWith("…"), shown);
    }

    @Test
    void checkpointJoinsLossScoresAndDecisionWhicheverTopicArrivesFirst() {
        DashboardState state = new DashboardState(100, 100);
        run.decisions().forEach(state::onPromotion);
        run.metrics().forEach(state::onSafetyMetric);
        run.checkpoints().forEach(state::onCheckpoint);

        List<Checkpoint> rows = state.snapshot().checkpoints();
        assertEquals(2 * SampleRun.STEPS, rows.size());
        Checkpoint last = rows.get(rows.size() - 1);
        assertEquals(SampleRun.SFT_RUN, last.runId());
        assertEquals(10L * SampleRun.STEPS, last.step());
        assertEquals(SampleRun.harmful(SampleRun.SFT_RUN, SampleRun.STEPS), last.harmful());
        assertEquals("REJECTED", last.decision());
        assertTrue(last.taskLoss() > 0);
        assertNull(last.contrastiveLoss(), "SFT has no contrastive loss");
        assertEquals(List.of(10L, 20L, 30L, 40L, 50L, 60L), rows.subList(0, SampleRun.STEPS).stream().map(Checkpoint::step).toList());
    }

    @Test
    void checkpointsBeyondTheBoundEvictTheOldestFirst() {
        DashboardState state = new DashboardState(4, 10);
        run.checkpoints().forEach(state::onCheckpoint);

        List<String> ids = state.snapshot().checkpoints().stream().map(Checkpoint::checkpointId).toList();
        assertEquals(List.of("sft-run-step-30", "sft-run-step-40", "sft-run-step-50", "sft-run-step-60"), ids);
    }

    @Test
    void aTombstoneForgetsTheSourceAndAnUnblockShowsAsLifted() {
        DashboardState state = new DashboardState(10, 10);
        state.onBlock(SampleRun.BAD_SOURCE, run.block());
        state.onBlock("other", dev.safeflow.avro.SourceBlock.newBuilder(run.block()).setSource("other").setBlocked(false).build());
        assertEquals(List.of(true, false), state.snapshot().blockedSources().stream().map(DashboardSnapshot.Block::blocked).toList());

        state.onBlock(SampleRun.BAD_SOURCE, null);
        assertEquals(List.of("other"), state.snapshot().blockedSources().stream().map(DashboardSnapshot.Block::source).toList());
    }

    @Test
    void jsonHasTheFieldsThePageReads() throws Exception {
        DashboardState state = new DashboardState(10, 10);
        run.stats().forEach(state::onStats);
        state.onBlock(SampleRun.BAD_SOURCE, run.block());
        run.quarantined().forEach(state::onQuarantined);
        run.checkpoints().forEach(state::onCheckpoint);
        run.metrics().forEach(state::onSafetyMetric);
        run.decisions().forEach(state::onPromotion);
        state.onAlert(run.alert());

        JsonNode json = new ObjectMapper().readTree(state.toJson());
        assertEquals(Set.of("version", "seen", "quarantineRate", "blockedSources", "recentQuarantined", "checkpoints",
            "decisions", "alerts", "feed"), fieldNames(json));
        assertEquals(Set.of("source", "blocked", "points"), fieldNames(json.get("quarantineRate").get(0)));
        assertEquals(Set.of("windowStart", "windowEnd", "rate", "count", "quarantined"),
            fieldNames(json.get("quarantineRate").get(0).get("points").get(0)));
        assertEquals(Set.of("id", "source", "reasons", "firstUserTurn", "scores", "auditedAt"), fieldNames(json.get("recentQuarantined").get(0)));
        assertEquals(Set.of("checkpointId", "runId", "step", "method", "taskLoss", "contrastiveLoss", "records", "createdAt",
            "harmful", "utility", "attack", "decision"), fieldNames(json.get("checkpoints").get(0)));
        assertEquals(Set.of("runId", "checkpointId", "decision", "reasons", "rollbackRequested", "rollbackTo", "decidedAt"),
            fieldNames(json.get("decisions").get(0)));
        assertEquals(run.start.toEpochMilli() + 60_000, json.get("quarantineRate").get(0).get("points").get(0).get("windowEnd").asLong());
        assertEquals(24, json.get("seen").get("stats").asLong());
        assertEquals(json.get("version").asLong(), 24 + 1 + 5 + 12 + 24 + 12 + 1);
    }

    @Test
    void awaitChangeReturnsAsSoonAsARecordArrives() throws Exception {
        DashboardState state = new DashboardState(10, 10);
        long before = state.version();
        AuditedRecord record = run.quarantined().get(0);
        Thread writer = new Thread(() -> {
            sleep(100);
            state.onQuarantined(record);
        });
        writer.start();
        long start = System.nanoTime();
        long after = state.awaitChange(before, 10_000);
        writer.join();

        assertEquals(before + 1, after);
        assertTrue(System.nanoTime() - start < 5_000_000_000L, "woke on the change, not the timeout");
        assertEquals(Map.of("quarantined", 1L), state.snapshot().seen());
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new TreeSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
