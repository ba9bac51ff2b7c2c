package dev.safeflow.auditor;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.safeflow.avro.AuditedRecord;
import dev.safeflow.avro.Verdict;
import dev.safeflow.schemas.metrics.PrometheusWriter;
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
        PrometheusWriter writer = new PrometheusWriter();
        m.writeScoreHistograms(writer);
        String out = writer.toString();
        assertTrue(out.contains("# TYPE safeflow_auditor_score histogram"), out);
        assertTrue(out.contains("safeflow_auditor_score_bucket{le=\"0.1\",screener=\"text\"} 1\n"), out);
        assertTrue(out.contains("safeflow_auditor_score_bucket{le=\"0.9\",screener=\"text\"} 1\n"), out);
        assertTrue(out.contains("safeflow_auditor_score_bucket{le=\"+Inf\",screener=\"text\"} 2\n"), out);
        assertTrue(out.contains("safeflow_auditor_score_count{screener=\"text.harm\"} 1\n"), out);
        assertTrue(out.contains("safeflow_auditor_score_sum{screener=\"text\"} 1.0"), out);
    }
}
