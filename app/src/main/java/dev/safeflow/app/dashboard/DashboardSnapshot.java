package dev.safeflow.app.dashboard;

import java.util.List;
import java.util.Map;

/**
 * What {@code /api/state} and each {@code /api/events} message carry: the page renders only from this.
 * Times are epoch milliseconds (UTC); a null number means the figure has not arrived yet.
 *
 * @param version          grows by one with every record applied, so a client can tell a new snapshot from a repeat
 * @param seen             records applied per topic (stats, blocks, quarantined, checkpoints, metrics, decisions, alerts)
 * @param quarantineRate   one series per source, windows in time order
 * @param blockedSources   latest block or unblock per source, blocked ones first
 * @param recentQuarantined newest first
 * @param checkpoints      ordered by run, then step; each joins the checkpoint event with its suite scores and gate decision
 * @param decisions        gate decisions, newest first
 * @param alerts           newest first
 * @param feed             whether the dashboard reads the topics, and the last problem if not
 */
public record DashboardSnapshot(long version, Map<String, Long> seen, List<SourceSeries> quarantineRate,
                                List<Block> blockedSources, List<Quarantined> recentQuarantined, List<Checkpoint> checkpoints,
                                List<Decision> decisions, List<AlertItem> alerts, Feed feed) {

    /** One audit window of one source. */
    public record RatePoint(long windowStart, long windowEnd, double rate, long count, long quarantined) {
    }

    /** @param blocked whether the latest window said the source was blocked */
    public record SourceSeries(String source, boolean blocked, List<RatePoint> points) {
    }

    public record Block(String source, boolean blocked, String reason, String actor, long at) {
    }

    /** @param firstUserTurn the first user message, truncated: enough to recognise a record, not to re-publish it */
    public record Quarantined(String id, String source, List<String> reasons, String firstUserTurn,
                              Map<String, Double> scores, long auditedAt) {
    }

    /** @param decision PROMOTED, REJECTED, or null while the gate has not decided */
    public record Checkpoint(String checkpointId, String runId, Long step, String method, Double taskLoss,
                             Double contrastiveLoss, Long records, Long createdAt, Double harmful, Double utility,
                             Double attack, String decision) {
    }

    public record Decision(String runId, String checkpointId, String decision, List<String> reasons,
                           boolean rollbackRequested, String rollbackTo, long decidedAt) {
    }

    public record AlertItem(String subject, String kind, String severity, String message, long createdAt) {
    }

    /**
     * @param status     connecting, reading, or unreachable
     * @param message    one sentence for people: what the feed reads or what is wrong and how to fix it
     * @param topics     topics currently assigned
     * @param skipped    records that could not be decoded (wrong schema, registry down) and were skipped
     */
    public record Feed(String status, String message, int topics, long skipped) {
    }
}
