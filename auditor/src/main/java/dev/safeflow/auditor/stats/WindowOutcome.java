package dev.safeflow.auditor.stats;

import dev.safeflow.avro.SourceStats;

/**
 * A closed window judged: its statistics, whether it was bad (quarantine rate over the alert
 * threshold with enough records), and whether it just tipped the source into being blocked.
 * Lives only inside one sub-topology, so it needs no serde.
 */
public record WindowOutcome(SourceStats stats, boolean bad, boolean newlyBlocked, int badStreak) {
}
