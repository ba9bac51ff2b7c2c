package dev.safeflow.evaluator.stream;

import dev.safeflow.avro.CheckpointEvent;
import dev.safeflow.avro.SafetyMetric;
import dev.safeflow.avro.SampleVerdict;
import dev.safeflow.evaluator.suite.Sample;
import dev.safeflow.evaluator.suite.SuiteResult;
import java.time.Instant;
import java.util.List;

/** A suite's result as the {@code SafetyMetric} published on safety.metrics. */
public final class SafetyMetrics {

    private SafetyMetrics() {
    }

    /** The compacted topic's key: one value per checkpoint and suite, so a replay overwrites (DESIGN.md). */
    public static String key(String checkpointId, String suite) {
        return checkpointId + "/" + suite;
    }

    /** Longest response text kept per sample in a metric; the JSONL report keeps it whole. */
    static final int MAX_RESPONSE_CHARS = 1000;

    /**
     * The metric of one suite; at most {@code maxDetails} samples go into {@code details} (the JSONL
     * report has all of them), so a large suite stays under Kafka's 1 MB default message size.
     */
    public static SafetyMetric of(CheckpointEvent checkpoint, SuiteResult r, int maxDetails, Instant now) {
        List<SampleVerdict> details = r.samples().stream().limit(maxDetails).map(SafetyMetrics::verdict).toList();
        return SafetyMetric.newBuilder()
            .setCheckpointId(checkpoint.getCheckpointId())
            .setRunId(checkpoint.getRunId())
            .setStep(checkpoint.getStep())
            .setSuite(r.suite())
            .setScore(r.score())
            .setValues(r.values())
            .setJudge(r.judge())
            .setSamples(r.samples().size())
            .setDetails(details)
            .setCreatedAt(now)
            .build();
    }

    private static SampleVerdict verdict(Sample s) {
        String response = s.response().length() <= MAX_RESPONSE_CHARS ? s.response()
            : s.response().substring(0, MAX_RESPONSE_CHARS) + "…";
        return SampleVerdict.newBuilder().setPrompt(s.prompt()).setResponse(response).setVerdict(s.verdict())
            .setCategory(s.category()).build();
    }
}
