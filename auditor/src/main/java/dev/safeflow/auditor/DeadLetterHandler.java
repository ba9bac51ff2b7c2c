package dev.safeflow.auditor;

import dev.safeflow.schemas.topics.DeadLetterHeaders;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The safety net behind the in-topology dead-lettering of {@link DecodeProcessor}: a record that
 * still breaks a processor (a bug, not bad data) is written as its source bytes to {@code ft.dlq}
 * with the error in headers, and the app goes on. Kafka Streams 4.1 offers no transactional dead
 * letter from a handler, so these few go through a plain producer: at least once, not exactly once.
 */
public final class DeadLetterHandler implements ProcessingExceptionHandler, DeserializationExceptionHandler {
    /** Streams config entry naming the dead-letter topic; set by {@link AuditorApp}. */
    public static final String TOPIC_CONFIG = "safeflow.dead-letter.topic";
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterHandler.class);

    private Map<String, Object> producerConfig;
    private KafkaProducer<byte[], byte[]> producer;
    private String topic;

    @Override
    public void configure(Map<String, ?> configs) {
        topic = String.valueOf(configs.get(TOPIC_CONFIG));
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, configs.get(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG));
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        configs.forEach((k, v) -> {
            if (k.startsWith("security.") || k.startsWith("sasl.") || k.startsWith("ssl.")) {
                props.put(k, v);
            }
        });
        producerConfig = props;
    }

    /** Created on the first dead letter only: Kafka Streams builds a handler per thread, and most never fire. */
    private synchronized KafkaProducer<byte[], byte[]> producer() {
        if (producer == null) {
            producer = new KafkaProducer<>(producerConfig, new ByteArraySerializer(), new ByteArraySerializer());
        }
        return producer;
    }

    @Override
    public ProcessingHandlerResponse handle(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
        deadLetter(context, "processing-error", exception);
        return ProcessingHandlerResponse.CONTINUE;
    }

    @Override
    public DeserializationHandlerResponse handle(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
        deadLetter(context, "undecodable", exception);
        return DeserializationHandlerResponse.CONTINUE;
    }

    private void deadLetter(ErrorHandlerContext context, String reason, Exception exception) {
        LOG.warn("{} at {}-{}@{} in {}: sent to {}", reason, context.topic(), context.partition(), context.offset(),
            context.processorNodeId(), topic, exception);
        Headers headers = new RecordHeaders();
        put(headers, DeadLetterHeaders.REASON, reason);
        put(headers, DeadLetterHeaders.DETAIL, String.valueOf(exception));
        put(headers, DeadLetterHeaders.SOURCE, "unknown");
        put(headers, DeadLetterHeaders.STAGE, "auditor:" + context.processorNodeId());
        put(headers, DeadLetterHeaders.ORIGINAL_TOPIC, context.topic());
        put(headers, DeadLetterHeaders.ORIGINAL_PARTITION, Integer.toString(context.partition()));
        put(headers, DeadLetterHeaders.ORIGINAL_OFFSET, Long.toString(context.offset()));
        producer().send(new ProducerRecord<>(topic, null, context.sourceRawKey(), context.sourceRawValue(), headers));
    }

    private static void put(Headers headers, String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
