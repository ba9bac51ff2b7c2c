package dev.safeflow.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

/** The acknowledged prefix as the callbacks of out-of-order acknowledgements across partitions move it. */
class AckedPrefixTest {
    private static RecordMetadata at(int partition, long offset) {
        return new RecordMetadata(new TopicPartition("ft.raw", partition), offset, 0, 0L, 0, 0);
    }

    @Test
    void aMarkIsAcknowledgedOnlyWhenEveryEarlierSendIs() {
        AckedPrefix acked = new AckedPrefix(Map.of(0, 10L, 1, 20L), Map.of(0, 5L));
        Callback line1 = acked.sending(false);
        Callback line2 = acked.sending(false);
        acked.mark(2);
        Callback line3 = acked.sending(true);
        acked.mark(3);

        line2.onCompletion(at(1, 20), null); // a later send on another partition answers first
        assertNull(acked.latest(), "line 1 is still in flight");
        line3.onCompletion(at(0, 5), null);
        assertNull(acked.latest(), "line 3 is acknowledged, but line 1 before it is not");
        line1.onCompletion(at(0, 10), null);

        AckedPrefix.Acked latest = acked.latest();
        assertEquals(3, latest.line());
        assertEquals(Map.of(0, 11L, 1, 21L), latest.raw());
        assertEquals(Map.of(0, 6L), latest.dlq());
    }

    @Test
    void boundsComeOnlyFromSendsUpToTheMarkNotFromLaterOnes() {
        AckedPrefix acked = new AckedPrefix(Map.of(0, 0L), Map.of());
        Callback first = acked.sending(false);
        acked.mark(1);
        Callback later = acked.sending(false);
        later.onCompletion(at(0, 7), null); // sent after the mark: a resumed run must still look below it
        first.onCompletion(at(0, 3), null);

        assertEquals(1, acked.latest().line());
        assertEquals(Map.of(0, 4L), acked.latest().raw());
    }

    @Test
    void aMarkWithNothingInFlightIsAcknowledgedAtOnceWithTheStartingBounds() {
        AckedPrefix acked = new AckedPrefix(Map.of(0, 42L), Map.of(1, 9L));
        acked.mark(500);
        assertEquals(new AckedPrefix.Acked(500, Map.of(0, 42L), Map.of(1, 9L)), acked.latest());
    }

    @Test
    void aFailedSendStopsEveryLaterMarkAndTheEndOfInputReportsIt() {
        AckedPrefix acked = new AckedPrefix(Map.of(), Map.of());
        Callback ok = acked.sending(false);
        acked.mark(1);
        Callback failed = acked.sending(false);
        acked.mark(2);
        Callback after = acked.sending(false);
        acked.mark(3);
        ok.onCompletion(at(0, 0), null);
        failed.onCompletion(null, new TimeoutException("broker gone"));
        after.onCompletion(at(0, 2), null);

        assertEquals(1, acked.latest().line(), "nothing past the failed send is ever acknowledged");
        assertThrows(IllegalStateException.class, () -> acked.awaitAll(Duration.ofSeconds(1)));
    }

    @Test
    void theEndOfInputWaitsForCallbacksStillOnTheirWay() throws Exception {
        AckedPrefix acked = new AckedPrefix(Map.of(), Map.of());
        Callback pending = acked.sending(false);
        acked.mark(1);
        Thread io = new Thread(() -> {
            sleep(50);
            pending.onCompletion(at(2, 8), null);
        });
        io.start();
        assertEquals(new AckedPrefix.Acked(1, Map.of(2, 9L), Map.of()), acked.awaitAll(Duration.ofSeconds(30)));
        io.join();
    }

    @Test
    void callbacksThatNeverComeEndTheWaitWithAMessage() {
        AckedPrefix acked = new AckedPrefix(Map.of(), Map.of());
        acked.sending(false);
        acked.mark(1);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> acked.awaitAll(Duration.ofMillis(50)));
        assertTrue(e.getMessage().contains("rerun to resume"), e.getMessage());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
