package dev.safeflow.auditor;

import dev.safeflow.avro.FineTuneRecord;
import dev.safeflow.schemas.identity.SourceName;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The auditor's view of who sent a record. Ingest writes canonical names, but anything that can produce to
 * {@code ft.raw} can bypass ingest, so the auditor folds the name again: a record sent as {@code Forum-Scrape}
 * or {@code forum\u2010scrape} is looked up in the block list, counted and blocked as {@code forum-scrape}.
 * A name with no canonical form (a Cyrillic look-alike, a path, control characters) stays as sent and
 * {@link RecordValidator} quarantines the record with {@link #INVALID_REASON}.
 */
final class SourceIdentity {
    /** Metadata key that keeps the spelling a producer sent when it differs from the canonical name. */
    static final String AS_SENT = "source.as-sent";
    static final String INVALID_REASON = Reasons.INVALID + "source-name";

    private SourceIdentity() {
    }

    static FineTuneRecord canonical(FineTuneRecord record) {
        String sent = record.getSource();
        String canonical = SourceName.normaliseOrNull(sent);
        if (canonical == null || canonical.equals(sent)) {
            return record;
        }
        Map<String, String> metadata = new LinkedHashMap<>(record.getMetadata());
        metadata.put(AS_SENT, sent);
        return FineTuneRecord.newBuilder(record).setSource(canonical).setMetadata(metadata).build();
    }

    static boolean valid(FineTuneRecord record) {
        return SourceName.isValid(record.getSource());
    }
}
