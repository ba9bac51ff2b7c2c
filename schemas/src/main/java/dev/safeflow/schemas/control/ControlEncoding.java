package dev.safeflow.schemas.control;

import dev.safeflow.avro.CheckpointEvent;
import dev.safeflow.avro.PartitionOffset;
import dev.safeflow.avro.PromotionDecision;
import dev.safeflow.avro.SourceBlock;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The bytes a control event's signature covers: a type tag, then every field but the signature in schema
 * order, each string length-prefixed (so no two field lists encode alike), maps in key order, doubles as their
 * IEEE bits. Written by hand rather than with Avro's binary encoding so that a reader on a newer schema, with
 * fields added, still computes the bytes the writer signed.
 */
final class ControlEncoding {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
    private final DataOutputStream out = new DataOutputStream(bytes);

    private ControlEncoding(String type) {
        text(type);
    }

    static byte[] of(SourceBlock b) {
        return new ControlEncoding("SourceBlock/1").text(b.getSource()).bool(b.getBlocked()).text(b.getReason())
            .text(b.getActor()).number(b.getAt().toEpochMilli()).done();
    }

    static byte[] of(CheckpointEvent e) {
        ControlEncoding c = new ControlEncoding("CheckpointEvent/1").text(e.getCheckpointId()).text(e.getRunId())
            .number(e.getStep()).text(e.getMethod()).text(e.getBaseModel()).text(e.getUri()).text(e.getManifestSha256());
        List<PartitionOffset> offsets = e.getOffsets();
        c.number(offsets.size());
        offsets.forEach(o -> c.text(o.getTopic()).number(o.getPartition()).number(o.getNextOffset()));
        return c.metrics(e.getMetrics()).text(e.getParentCheckpointId() == null ? "\u0000null" : e.getParentCheckpointId())
            .number(e.getRecords()).number(e.getCreatedAt().toEpochMilli()).text(e.getActor()).done();
    }

    static byte[] of(PromotionDecision d) {
        ControlEncoding c = new ControlEncoding("PromotionDecision/1").text(d.getRunId()).text(d.getCheckpointId())
            .text(d.getDecision().name());
        c.number(d.getReasons().size());
        d.getReasons().forEach(c::text);
        return c.metrics(d.getMetrics()).bool(d.getRollbackRequested())
            .text(d.getRollbackTo() == null ? "\u0000null" : d.getRollbackTo())
            .number(d.getDecidedAt().toEpochMilli()).text(d.getActor()).done();
    }

    private ControlEncoding metrics(Map<String, Double> metrics) {
        number(metrics.size());
        new TreeMap<>(metrics).forEach((k, v) -> text(k).number(Double.doubleToLongBits(v)));
        return this;
    }

    private ControlEncoding text(CharSequence s) {
        try {
            byte[] b = s.toString().getBytes(StandardCharsets.UTF_8);
            out.writeInt(b.length);
            out.write(b);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private ControlEncoding number(long n) {
        try {
            out.writeLong(n);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private ControlEncoding bool(boolean b) {
        return number(b ? 1 : 0);
    }

    private byte[] done() {
        return bytes.toByteArray();
    }
}
