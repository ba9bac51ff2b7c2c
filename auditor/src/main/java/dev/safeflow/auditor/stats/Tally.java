package dev.safeflow.auditor.stats;

import dev.safeflow.auditor.Reasons;
import dev.safeflow.avro.AuditedRecord;
import dev.safeflow.avro.Verdict;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * What a source's window needs of one verdict: replay or not, quarantined or not, and the reasons.
 * The statistics repartition carries this (a few bytes) instead of the whole audited record (the
 * conversation, every score), so the by-source hop costs a fraction of a record's (de)serialisation.
 */
public record Tally(boolean duplicate, boolean quarantined, List<String> reasons) {

    public static Tally of(AuditedRecord audited) {
        if (audited.getReasons().contains(Reasons.DUPLICATE)) {
            return new Tally(true, false, List.of());
        }
        boolean quarantined = audited.getVerdict() == Verdict.QUARANTINED;
        return new Tally(false, quarantined, quarantined ? List.copyOf(audited.getReasons()) : List.of());
    }

    /** An internal topic's format, never read outside the auditor: flags, then length-prefixed UTF-8 reasons. */
    public static Serde<Tally> serde() {
        return Serdes.serdeFrom((topic, t) -> t == null ? null : write(t), (topic, bytes) -> bytes == null ? null : read(bytes));
    }

    private static byte[] write(Tally t) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(16);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte((t.duplicate ? 1 : 0) | (t.quarantined ? 2 : 0));
            out.writeShort(t.reasons.size());
            for (String r : t.reasons) {
                out.writeUTF(r);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static Tally read(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            int flags = in.readByte();
            int n = in.readUnsignedShort();
            List<String> reasons = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                reasons.add(in.readUTF());
            }
            return new Tally((flags & 1) != 0, (flags & 2) != 0, reasons);
        } catch (IOException e) {
            throw new UncheckedIOException("a tally of " + bytes.length + " bytes does not decode", e);
        }
    }
}
