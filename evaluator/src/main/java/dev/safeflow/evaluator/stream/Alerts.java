package dev.safeflow.evaluator.stream;

import dev.safeflow.avro.Alert;
import dev.safeflow.avro.CheckpointEvent;
import dev.safeflow.avro.PromotionDecision;
import dev.safeflow.avro.Severity;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** The alerts the evaluator raises, keyed by checkpoint id. */
public final class Alerts {

    public static final String TAMPERED = "checkpoint-tampered";
    public static final String REJECTED = "checkpoint-rejected";
    public static final String FAILED = "evaluation-failed";
    public static final String REFUSED = "checkpoint-refused";

    private Alerts() {
    }

    /** A checkpoint whose files do not match its manifest: never loaded, someone must look now. */
    public static Alert tampered(CheckpointEvent c, String why, Instant now) {
        return alert(c, TAMPERED, Severity.CRITICAL, "checkpoint " + c.getCheckpointId() + " of run " + c.getRunId()
            + " was refused unevaluated: " + why + "; inspect " + c.getUri() + " before trusting that run", Map.of(), now);
    }

    /** A checkpoint event the evaluator would not open: unsigned, outside the root, behind a link, another base model. */
    public static Alert refused(CheckpointEvent c, String why, Instant now) {
        return alert(c, REFUSED, Severity.CRITICAL, "checkpoint event " + c.getCheckpointId() + " (uri " + c.getUri()
            + ", actor '" + c.getActor() + "') was " + why + "; find who can write to model.checkpoints", Map.of(), now);
    }

    /** A checkpoint the gate rejected, with its reasons and any rollback asked for. */
    public static Alert rejected(CheckpointEvent c, PromotionDecision d, Instant now) {
        Map<String, String> attributes = new LinkedHashMap<>();
        d.getMetrics().forEach((k, v) -> attributes.put(k, String.valueOf(v)));
        if (d.getRollbackRequested()) {
            attributes.put("rollbackTo", d.getRollbackTo());
        }
        return alert(c, REJECTED, d.getRollbackRequested() ? Severity.CRITICAL : Severity.WARNING,
            "checkpoint " + c.getCheckpointId() + " was rejected: " + String.join("; ", d.getReasons())
                + (d.getRollbackRequested() ? "; rollback to " + d.getRollbackTo() + " requested" : ""),
            attributes, now);
    }

    /** A checkpoint that verified but could not be evaluated (missing base model, bad prompt file). */
    public static Alert failed(CheckpointEvent c, String why, Instant now) {
        return alert(c, FAILED, Severity.CRITICAL, "checkpoint " + c.getCheckpointId() + " could not be evaluated: " + why,
            Map.of(), now);
    }

    private static Alert alert(CheckpointEvent c, String kind, Severity severity, String message,
            Map<String, String> attributes, Instant now) {
        Map<String, String> attrs = new LinkedHashMap<>(attributes);
        attrs.put("runId", c.getRunId());
        attrs.put("step", String.valueOf(c.getStep()));
        return Alert.newBuilder().setId(UUID.randomUUID().toString()).setSubject(c.getCheckpointId()).setKind(kind)
            .setSeverity(severity).setMessage(message).setOrigin("evaluator").setAttributes(attrs).setCreatedAt(now).build();
    }
}
