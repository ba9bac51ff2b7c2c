package dev.safeflow.auditor;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.safeflow.avro.AuditedRecord;
import dev.safeflow.avro.Verdict;
import dev.safeflow.schemas.metrics.MetricsText;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuditorMetricsTest {
    private static AuditedRecord decided(Verdict verdict, Map<String, Double> scores) {
        return AuditedRecord.newBuilder().setRecord(Records.benign("r", "s")).setVerdict(verdict).setScores(scores)
            .setReasons(verdict == Verdict.CLEAN ? List.of() : List.of("text")).setDecisionPath(List.of())
            .setAuditorVersion("test").setAuditedAt(Instant.EPOCH).build();
    }

    @Test
    void scoresOfEveryScreenerAreExportedAsCumulativeHistograms() {
        AuditorMetrics m = new AuditorMetrics();
        m.record(decided(Verdict.CLEAN, Map.of("text", 0.05, "text.harm", 0.3)));
        m.record(decided(Verdict.QUARANTINED, Map.of("text", 0.95)));
        String out = MetricsText.render(m.registry());
        assertTrue(out.contains("# TYPE safeflow_auditor_score histogram"), out);
        assertTrue(out.contains("safeflow_auditor_score_bucket{screener=\"text\",le=\"0.1\"} 1\n"), out);
        assertTrue(out.contains("safeflow_auditor_score_bucket{screener=\"text\",le=\"0.9\"} 1\n"), out);
        assertTrue(out.contains("safeflow_auditor_score_bucket{screener=\"text\",le=\"+Inf\"} 2\n"), out);
        assertTrue(out.contains("safeflow_auditor_score_count{screener=\"text.harm\"} 1\n"), out);
        assertTrue(out.contains("safeflow_auditor_score_sum{screener=\"text\"} 1.0"), out);
    }

    @Test
    void verdictsAndReasonsAreCountersNamedByTheConvention() {
        AuditorMetrics m = new AuditorMetrics();
        m.record(decided(Verdict.CLEAN, Map.of()));
        m.record(decided(Verdict.QUARANTINED, Map.of()));
        String out = MetricsText.render(m.registry());
        assertTrue(out.contains("# TYPE safeflow_auditor_records_total counter"), out);
        assertTrue(out.contains("safeflow_auditor_records_total{verdict=\"clean\"} 1"), out);
        assertTrue(out.contains("safeflow_auditor_quarantine_reasons_total{reason=\"text\"} 1"), out);
    }
}
