package dev.safeflow.app.dashboard;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.safeflow.app.dashboard.DashboardSnapshot.AlertItem;
import dev.safeflow.app.dashboard.DashboardSnapshot.Block;
import dev.safeflow.app.dashboard.DashboardSnapshot.Checkpoint;
import dev.safeflow.app.dashboard.DashboardSnapshot.Decision;
import dev.safeflow.app.dashboard.DashboardSnapshot.Feed;
import dev.safeflow.app.dashboard.DashboardSnapshot.Quarantined;
import dev.safeflow.app.dashboard.DashboardSnapshot.RatePoint;
import dev.safeflow.app.dashboard.DashboardSnapshot.SourceSeries;
import dev.safeflow.avro.Alert;
import dev.safeflow.avro.AuditedRecord;
import dev.safeflow.avro.ChatMessage;
import dev.safeflow.avro.CheckpointEvent;
import dev.safeflow.avro.PromotionDecision;
import dev.safeflow.avro.SafetyMetric;
import dev.safeflow.avro.SourceBlock;
import dev.safeflow.avro.SourceStats;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the dashboard knows, built from the topics' records and bounded so a long run cannot grow it
 * without limit: {@code maxPoints} windows per source and checkpoints in all, {@code maxRecords}
 * quarantined records, decisions and alerts. One feed thread writes; HTTP threads read snapshots.
 * Every method holds the one monitor, which also wakes event streams waiting for a change.
 */
public final class DashboardState {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Long enough to recognise a prompt in the table, short enough not to re-publish harmful text in full. */
    static final int TURN_CHARS = 160;

    private final int maxPoints;
    private final int maxRecords;
    private long version;
    private final Map<String, Long> seen = new LinkedHashMap<>();
    /** source → windowStart → point; a re-emitted window replaces the earlier count for the same window. */
    private final Map<String, TreeMap<Long, RatePoint>> rates = new TreeMap<>();
    private final Map<String, Boolean> sourceBlockedInStats = new TreeMap<>();
    private final Map<String, Block> blocks = new TreeMap<>();
    private final Deque<Quarantined> quarantined = new ArrayDeque<>();
    /** checkpointId → row, in arrival order so the oldest is evicted first. */
    private final LinkedHashMap<String, CheckpointRow> checkpoints = new LinkedHashMap<>();
    private final Deque<Decision> decisions = new ArrayDeque<>();
    private final Deque<AlertItem> alerts = new ArrayDeque<>();
    private Feed feed = new Feed("connecting", "connecting to Kafka", 0, 0);

    public DashboardState(int maxPoints, int maxRecords) {
        if (maxPoints < 2 || maxRecords < 1) {
            throw new IllegalArgumentException("dashboard.max-points is " + maxPoints + " and dashboard.max-records is "
                + maxRecords + ": they must be at least 2 and 1");
        }
        this.maxPoints = maxPoints;
        this.maxRecords = maxRecords;
    }

    public synchronized void onStats(SourceStats s) {
        TreeMap<Long, RatePoint> series = rates.computeIfAbsent(s.getSource(), k -> new TreeMap<>());
        long start = s.getWindowStart().toEpochMilli();
        series.put(start, new RatePoint(start, s.getWindowEnd().toEpochMilli(), s.getQuarantineRate(), s.getCount(),
            s.getQuarantined()));
        while (series.size() > maxPoints) {
            series.pollFirstEntry();
        }
        sourceBlockedInStats.put(s.getSource(), s.getBlocked());
        changed("stats");
    }

    /** A null block is a tombstone on the compacted topic: the source is forgotten. */
    public synchronized void onBlock(String source, SourceBlock b) {
        if (b == null) {
            blocks.remove(source);
        } else {
            blocks.put(b.getSource(), new Block(b.getSource(), b.getBlocked(), b.getReason(), b.getActor(), b.getAt().toEpochMilli()));
        }
        changed("blocks");
    }

    public synchronized void onQuarantined(AuditedRecord a) {
        pushBounded(quarantined, new Quarantined(a.getRecord().getId(), a.getRecord().getSource(), List.copyOf(a.getReasons()),
            firstUserTurn(a.getRecord().getMessages()), new TreeMap<>(a.getScores()), a.getAuditedAt().toEpochMilli()));
        changed("quarantined");
    }

    public synchronized void onCheckpoint(CheckpointEvent c) {
        CheckpointRow row = row(c.getCheckpointId(), c.getRunId());
        row.step = c.getStep();
        row.method = c.getMethod();
        row.taskLoss = c.getMetrics().get("task_loss");
        row.contrastiveLoss = c.getMetrics().get("contrastive_loss");
        row.records = c.getRecords();
        row.createdAt = c.getCreatedAt().toEpochMilli();
        changed("checkpoints");
    }

    /** Safety metrics may arrive before their checkpoint event (another topic); the row is joined either way. */
    public synchronized void onSafetyMetric(SafetyMetric m) {
        if (m == null) {
            return;
        }
        CheckpointRow row = row(m.getCheckpointId(), m.getRunId());
        if (row.step == null) {
            row.step = m.getStep();
        }
        switch (m.getSuite()) {
            case "harmful" -> row.harmful = m.getScore();
            case "utility" -> row.utility = m.getScore();
            case "attack" -> row.attack = m.getScore();
            default -> { } // a suite this page does not chart yet; the seen counter still shows it arrived
        }
        changed("metrics");
    }

    public synchronized void onPromotion(PromotionDecision p) {
        String decision = p.getDecision().name();
        pushBounded(decisions, new Decision(p.getRunId(), p.getCheckpointId(), decision, List.copyOf(p.getReasons()),
            p.getRollbackRequested(), p.getRollbackTo(), p.getDecidedAt().toEpochMilli()));
        row(p.getCheckpointId(), p.getRunId()).decision = decision;
        changed("decisions");
    }

    public synchronized void onAlert(Alert a) {
        pushBounded(alerts, new AlertItem(a.getSubject(), a.getKind(), a.getSeverity().name(), a.getMessage(),
            a.getCreatedAt().toEpochMilli()));
        changed("alerts");
    }

    /** The feed's health, shown in the page header; a change wakes the event streams like data does. */
    public synchronized void onFeed(Feed status) {
        if (!status.equals(feed)) {
            feed = status;
            version++;
            notifyAll();
        }
    }

    public synchronized DashboardSnapshot snapshot() {
        List<SourceSeries> series = new ArrayList<>();
        rates.forEach((source, points) -> series.add(new SourceSeries(source,
            sourceBlockedInStats.getOrDefault(source, false), List.copyOf(points.values()))));
        List<Block> blockList = new ArrayList<>(blocks.values());
        blockList.sort(Comparator.comparing(Block::blocked).reversed().thenComparing(Comparator.comparingLong(Block::at).reversed()));
        List<Checkpoint> rows = checkpoints.values().stream().map(CheckpointRow::toRecord)
            .sorted(Comparator.comparing(Checkpoint::runId).thenComparing(c -> c.step() == null ? Long.MAX_VALUE : c.step()))
            .toList();
        return new DashboardSnapshot(version, new LinkedHashMap<>(seen), series, blockList, List.copyOf(quarantined), rows,
            List.copyOf(decisions), List.copyOf(alerts), feed);
    }

    public String toJson() {
        return toJson(snapshot());
    }

    static String toJson(DashboardSnapshot snapshot) {
        try {
            return JSON.writeValueAsString(snapshot);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the dashboard snapshot could not be written as JSON", e);
        }
    }

    public synchronized long version() {
        return version;
    }

    /** Blocks until the version differs from {@code seenVersion} or the timeout passes; returns the current version. */
    public synchronized long awaitChange(long seenVersion, long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        long left = timeoutMillis;
        while (version == seenVersion && left > 0) {
            wait(left);
            left = deadline - System.currentTimeMillis();
        }
        return version;
    }

    private void changed(String kind) {
        seen.merge(kind, 1L, Long::sum);
        version++;
        notifyAll();
    }

    private <T> void pushBounded(Deque<T> newestFirst, T item) {
        newestFirst.addFirst(item);
        while (newestFirst.size() > maxRecords) {
            newestFirst.removeLast();
        }
    }

    private CheckpointRow row(String checkpointId, String runId) {
        CheckpointRow row = checkpoints.computeIfAbsent(checkpointId, id -> new CheckpointRow(id, runId));
        while (checkpoints.size() > maxPoints) {
            checkpoints.remove(checkpoints.keySet().iterator().next());
        }
        return row;
    }

    static String firstUserTurn(List<ChatMessage> messages) {
        String text = messages.stream().filter(m -> "user".equals(m.getRole())).map(ChatMessage::getContent)
            .findFirst().orElse(messages.isEmpty() ? "" : messages.get(0).getContent());
        String oneLine = text.replaceAll("\\s+", " ").strip();
        return oneLine.length() <= TURN_CHARS ? oneLine : oneLine.substring(0, TURN_CHARS - 1) + "…";
    }

    /** A checkpoint's figures as they arrive from three topics. */
    private static final class CheckpointRow {
        final String checkpointId;
        final String runId;
        Long step;
        String method;
        Double taskLoss;
        Double contrastiveLoss;
        Long records;
        Long createdAt;
        Double harmful;
        Double utility;
        Double attack;
        String decision;

        CheckpointRow(String checkpointId, String runId) {
            this.checkpointId = checkpointId;
            this.runId = runId;
        }

        Checkpoint toRecord() {
            return new Checkpoint(checkpointId, runId, step, method, taskLoss, contrastiveLoss, records, createdAt, harmful,
                utility, attack, decision);
        }
    }
}
