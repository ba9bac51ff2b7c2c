package dev.safeflow.trainer.stream;

import dev.safeflow.avro.AuditedRecord;
import dev.safeflow.trainer.data.Batch;
import dev.safeflow.trainer.data.Batcher;
import dev.safeflow.trainer.data.Example;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * Records received but not yet trained on, in arrival order, and the micro-batches cut from them.
 * Each batch carries the next offsets it completes: a record's offset counts as consumed only once
 * the batch holding it is trained. Records with nothing to learn (no assistant turn) ride along with
 * the next batch, so their offsets advance with it.
 */
final class MicroBatcher {

    /**
     * One consumed record; {@code example} is null when the record has nothing to train on, {@code source}
     * is the record itself (for the poison filter's quarantine), null where nobody needs it.
     */
    record Entry(TopicPartition partition, long offset, Example example, AuditedRecord source) {

        Entry(TopicPartition partition, long offset, Example example) {
            this(partition, offset, example, null);
        }
    }

    /**
     * A batch ready to train and, per partition, the next offset once it is trained.
     *
     * @param sources the record of each of the batch's examples, in the batch's order
     */
    record Ready(Batch batch, Map<TopicPartition, Long> nextOffsets, int records, List<AuditedRecord> sources) {}

    private final Batcher batcher;
    private final Deque<Entry> pending = new ArrayDeque<>();
    private long firstPendingAt = -1;

    MicroBatcher(Batcher batcher) {
        this.batcher = batcher;
    }

    void add(Entry e, long nowMillis) {
        if (pending.isEmpty()) {
            firstPendingAt = nowMillis;
        }
        pending.add(e);
    }

    /** The next full micro-batch (by count or padded tokens), or null. */
    Ready nextFull() {
        List<Example> examples = new ArrayList<>();
        int taken = 0;
        for (Entry e : pending) {
            taken++;
            if (e.example() != null) {
                examples.add(e.example());
                if (batcher.isFull(examples)) {
                    return take(taken);
                }
            }
        }
        return null;
    }

    /** Everything pending as one batch, or null when nothing pending has an example. */
    Ready flush() {
        return pending.stream().anyMatch(e -> e.example() != null) ? take(pending.size()) : null;
    }

    /** Offsets of pending records that carry no example, consumed without a step (when caught up). */
    Map<TopicPartition, Long> dropExampleless() {
        Map<TopicPartition, Long> next = new HashMap<>();
        if (pending.stream().allMatch(e -> e.example() == null)) {
            pending.forEach(e -> next.merge(e.partition(), e.offset() + 1, Math::max));
            pending.clear();
        }
        return next;
    }

    boolean waitedLongerThan(long millis, long nowMillis) {
        return !pending.isEmpty() && millis > 0 && nowMillis - firstPendingAt >= millis;
    }

    boolean isEmpty() {
        return pending.isEmpty();
    }

    int size() {
        return pending.size();
    }

    private Ready take(int n) {
        List<Example> examples = new ArrayList<>();
        List<AuditedRecord> sources = new ArrayList<>();
        Map<TopicPartition, Long> next = new HashMap<>();
        for (int i = 0; i < n; i++) {
            Entry e = pending.removeFirst();
            next.merge(e.partition(), e.offset() + 1, Math::max);
            if (e.example() != null) {
                examples.add(e.example());
                sources.add(e.source());
            }
        }
        firstPendingAt = pending.isEmpty() ? -1 : System.currentTimeMillis();
        return new Ready(Batch.of(examples, batcher.padId()), next, n, java.util.Collections.unmodifiableList(sources));
    }
}
