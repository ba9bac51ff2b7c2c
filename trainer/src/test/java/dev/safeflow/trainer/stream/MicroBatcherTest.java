package dev.safeflow.trainer.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.safeflow.trainer.data.Batcher;
import dev.safeflow.trainer.data.Example;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class MicroBatcherTest {

    static final TopicPartition P0 = new TopicPartition("t", 0);
    static final TopicPartition P1 = new TopicPartition("t", 1);

    static Example ex(int len) {
        return new Example(new int[len], 1);
    }

    @Test
    void batchClosesByCountAndCarriesTheNextOffsetOfEveryRecordInIt() {
        MicroBatcher b = new MicroBatcher(new Batcher(2, 0, 0));
        b.add(new MicroBatcher.Entry(P0, 10, ex(4)), 0);
        b.add(new MicroBatcher.Entry(P1, 3, null), 0); // nothing to learn, but consumed with the batch
        assertNull(b.nextFull());
        b.add(new MicroBatcher.Entry(P0, 11, ex(4)), 0);
        b.add(new MicroBatcher.Entry(P0, 12, ex(4)), 0);
        MicroBatcher.Ready r = b.nextFull();
        assertEquals(2, r.batch().size());
        assertEquals(3, r.records());
        assertEquals(Map.of(P0, 12L, P1, 4L), r.nextOffsets());
        assertEquals(1, b.size(), "offset 12 stays pending until its batch is trained");
    }

    @Test
    void batchClosesByPaddedTokensAndPartialBatchesWaitForTheTimeout() {
        MicroBatcher b = new MicroBatcher(new Batcher(10, 16, 0));
        b.add(new MicroBatcher.Entry(P0, 0, ex(8)), 1_000);
        assertNull(b.nextFull());
        assertTrue(!b.waitedLongerThan(500, 1_400));
        assertTrue(b.waitedLongerThan(500, 1_500));
        b.add(new MicroBatcher.Entry(P0, 1, ex(8)), 1_100);
        assertEquals(2, b.nextFull().batch().size(), "2 × 8 padded tokens reach the 16-token budget");
    }

    @Test
    void exampleLessRecordsAreDroppedOnlyWhenNothingElseIsPending() {
        MicroBatcher b = new MicroBatcher(new Batcher(2, 0, 0));
        b.add(new MicroBatcher.Entry(P0, 5, null), 0);
        assertNull(b.flush());
        assertEquals(Map.of(P0, 6L), b.dropExampleless());
        assertTrue(b.isEmpty());
    }
}
