package dev.safeflow.ingest.http;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.ExecutionException;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

/** A client is told to retry only what a retry can fix. */
class RetryAdviceTest {

    @Test
    void anUnreachableOrSlowBrokerIsWorthARetry() {
        assertTrue(AnswerStream.retriable(new TimeoutException("metadata not available")));
        assertTrue(AnswerStream.retriable(new ExecutionException(new NotLeaderOrFollowerException("moving"))));
        assertTrue(AnswerStream.retriable(new java.util.concurrent.TimeoutException()));
    }

    @Test
    void aRecordKafkaRefusesIsNever() {
        assertFalse(AnswerStream.retriable(new RecordTooLargeException("1200011 bytes")));
        assertFalse(AnswerStream.retriable(new ExecutionException(new IllegalStateException("producer closed"))));
    }
}
