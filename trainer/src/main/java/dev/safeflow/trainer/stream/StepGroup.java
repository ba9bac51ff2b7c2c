package dev.safeflow.trainer.stream;

import dev.safeflow.avro.AuditedRecord;
import dev.safeflow.trainer.data.Batch;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/** The micro-batches of the next optimizer step (gradient accumulation), with the offsets they end at. */
final class StepGroup {
    final List<Batch> batches = new ArrayList<>();
    final List<List<AuditedRecord>> sources = new ArrayList<>();
    final Map<TopicPartition, Long> offsets = new HashMap<>();
    /** FineTuneRecord.ingestedAt of every trained record, for {@link StepFreshness}. */
    final List<Long> ingestedAt = new ArrayList<>();
    int records;

    void add(MicroBatcher.Ready ready) {
        batches.add(ready.batch());
        sources.add(ready.sources());
        for (AuditedRecord r : ready.sources()) {
            if (r != null) {
                ingestedAt.add(r.getRecord().getIngestedAt().toEpochMilli());
            }
        }
        ready.nextOffsets().forEach((tp, o) -> offsets.merge(tp, o, Math::max));
        records += ready.records();
    }

    int size() {
        return batches.size();
    }

    void clear() {
        batches.clear();
        sources.clear();
        offsets.clear();
        ingestedAt.clear();
        records = 0;
    }
}
