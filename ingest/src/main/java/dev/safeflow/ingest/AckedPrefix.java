package dev.safeflow.ingest;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.Callback;

/**
 * How far into a file the broker has acknowledged every record, learnt from the send callbacks instead of a blocking
 * flush, so that checkpointing never drains the producer. The sends between two {@link #mark marks} form a
 * segment; a mark is acknowledged once its segment and every earlier one have had all their callbacks succeed. A
 * failed send stops every later mark from ever being acknowledged.
 *
 * <p>The producer is idempotent, so it acknowledges the records of one partition in the order they were sent: the
 * highest offset per partition in the acknowledged segments bounds from below every record sent after the mark.
 * That bound is where a resumed run starts reading back what a crashed run wrote after its last checkpoint.
 *
 * <p>The reading thread sends, marks and asks; the producer's I/O thread runs the callbacks.
 */
final class AckedPrefix {
    /** A line every record up to which is acknowledged, and the offsets after those records per partition. */
    record Acked(long line, Map<Integer, Long> raw, Map<Integer, Long> dlq) {
    }

    /** The sends after one mark, up to the next; {@code line} is set when the next mark closes it. */
    private static final class Segment {
        final Map<Integer, Long> raw = new HashMap<>();
        final Map<Integer, Long> dlq = new HashMap<>();
        int outstanding;
        boolean failed;
        long line = -1;
    }

    private final ArrayDeque<Segment> segments = new ArrayDeque<>();
    private final Map<Integer, Long> rawAcked;
    private final Map<Integer, Long> dlqAcked;
    private Acked latest;

    /** @param rawStart,dlqStart the topics' end offsets before the first send: the bound while nothing is acknowledged */
    AckedPrefix(Map<Integer, Long> rawStart, Map<Integer, Long> dlqStart) {
        this.rawAcked = new HashMap<>(rawStart);
        this.dlqAcked = new HashMap<>(dlqStart);
        segments.add(new Segment());
    }

    /** Counts a send of the current segment; the returned callback must be given to that send. */
    synchronized Callback sending(boolean deadLetter) {
        Segment segment = segments.getLast();
        segment.outstanding++;
        return (metadata, error) -> acknowledged(segment, deadLetter, metadata == null ? -1 : metadata.partition(),
            metadata == null ? -1 : metadata.offset(), error);
    }

    /** Closes the current segment at {@code line}: every line up to it has been sent (or needed no send). */
    synchronized void mark(long line) {
        segments.getLast().line = line;
        segments.add(new Segment());
        advance();
    }

    /** The furthest mark acknowledged so far, or null before the first; never goes back. */
    synchronized Acked latest() {
        return latest;
    }

    /**
     * Waits until every send so far has had its callback, for the end of an input, after the producer's flush.
     *
     * @return the furthest acknowledged mark
     * @throws IllegalStateException when a send failed or callbacks are still missing after {@code timeout}
     */
    synchronized Acked awaitAll(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (segments.stream().anyMatch(s -> s.outstanding > 0 && !s.failed)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new IllegalStateException("the broker did not acknowledge every record within " + timeout
                    + " (rerun to resume after the last checkpoint)");
            }
            wait(Math.max(1, left / 1_000_000));
        }
        if (segments.stream().anyMatch(s -> s.failed)) {
            throw new IllegalStateException("producing to Kafka failed, ingest stopped (rerun to resume)");
        }
        return latest;
    }

    private synchronized void acknowledged(Segment segment, boolean deadLetter, int partition, long offset, Exception error) {
        if (error != null) {
            segment.failed = true;
        } else {
            (deadLetter ? segment.dlq : segment.raw).merge(partition, offset + 1, Math::max);
        }
        segment.outstanding--;
        advance();
        notifyAll();
    }

    /** Folds every closed, complete segment at the head into the acknowledged bounds. */
    private void advance() {
        for (Segment head = segments.peekFirst(); head != null && head.line >= 0 && head.outstanding == 0 && !head.failed;
             head = segments.peekFirst()) {
            segments.removeFirst();
            head.raw.forEach((p, o) -> rawAcked.merge(p, o, Math::max));
            head.dlq.forEach((p, o) -> dlqAcked.merge(p, o, Math::max));
            latest = new Acked(head.line, Map.copyOf(rawAcked), Map.copyOf(dlqAcked));
        }
    }
}
