package dev.safeflow.ingest;

import dev.safeflow.avro.FineTuneRecord;
import dev.safeflow.records.Parsed;
import dev.safeflow.records.Provenance;
import dev.safeflow.schemas.topics.DeadLetterHeaders;
import dev.safeflow.schemas.topics.Topic;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes accepted records to {@code ft.raw} (key: record id) and rejected ones to {@code ft.dlq}
 * (key: source) through one idempotent producer, so retries never duplicate within a run. Both carry
 * file/line/source headers: the resume logic reads them back to find what a crashed run already wrote.
 * A caller that needs to know what was acknowledged (file ingest's {@link AckedPrefix}) passes a callback.
 */
public final class IngestProducer implements AutoCloseable {
    public static final String STAGE = "ingest";
    /** Room left in a produce request for the key, the headers and the batch framing around a dead letter's value. */
    private static final int HEADROOM_BYTES = 64 * 1024;

    private final KafkaProducer<String, byte[]> producer;
    private final String rawTopic;
    private final String dlqTopic;
    private final Serializer<FineTuneRecord> values;
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private final boolean stopOnFailure;
    private final int deadLetterLimit;

    /**
     * @param stopOnFailure true for file ingest (one failed send stops the run, to be resumed); false for
     *                      the HTTP server, which reports each failure to its request through the returned future
     */
    public IngestProducer(Map<String, Object> clientProperties, Topic<String, FineTuneRecord> raw, Topic<String, byte[]> dlq,
                          boolean stopOnFailure) {
        this.stopOnFailure = stopOnFailure;
        this.producer = new KafkaProducer<>(config(clientProperties), new StringSerializer(), new ByteArraySerializer());
        this.rawTopic = raw.name();
        this.dlqTopic = dlq.name();
        this.values = raw.valueSerde().serializer();
        this.deadLetterLimit = maxRequestBytes(clientProperties) - HEADROOM_BYTES;
    }

    /**
     * The producer's request limit ({@code max.request.size}, 1 MiB unless a kafka.client setting raises it):
     * a dead letter over it would be refused by the producer and lost, so its value is cut to fit.
     */
    private static int maxRequestBytes(Map<String, Object> clientProperties) {
        Object configured = clientProperties.get(ProducerConfig.MAX_REQUEST_SIZE_CONFIG);
        int max = configured == null ? 1024 * 1024 : Integer.parseInt(configured.toString().trim());
        return Math.max(max, 2 * HEADROOM_BYTES);
    }

    /** Dead-letter values longer than this are cut to it, with the whole record's size and sha256 in headers. */
    public int deadLetterLimit() {
        return deadLetterLimit;
    }

    /** Idempotent and acks=all so a record is either written once or reported failed; batching for throughput. */
    public static Map<String, Object> config(Map<String, Object> clientProperties) {
        Map<String, Object> props = new HashMap<>(clientProperties);
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 10);
        props.putIfAbsent(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        // A full buffer blocks send(): that is the back-pressure on readers and HTTP clients.
        props.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000);
        props.putIfAbsent(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 60_000);
        props.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "safeflow-ingest");
        return props;
    }

    public Future<RecordMetadata> send(FineTuneRecord record, Provenance where) {
        return send(record, where, null);
    }

    /** Sends as {@link #send(FineTuneRecord, Provenance)}; {@code then}, when not null, sees the outcome too. */
    public Future<RecordMetadata> send(FineTuneRecord record, Provenance where, Callback then) {
        rethrowFailure();
        byte[] value = values.serialize(rawTopic, record);
        ProducerRecord<String, byte[]> out = new ProducerRecord<>(rawTopic, null, record.getId(), value, headers(where));
        return producer.send(out, track(then));
    }

    /**
     * Writes {@code rejected} to ft.dlq. A value over {@link #deadLetterLimit()} is cut to it, and the
     * whole record's size and sha256 go in {@link DeadLetterHeaders#ORIGINAL_BYTES} and {@link DeadLetterHeaders#ORIGINAL_SHA256}:
     * the record is still reported, where sending it whole would lose it.
     */
    public Future<RecordMetadata> sendDeadLetter(Parsed.Rejected rejected) {
        return sendDeadLetter(rejected, null);
    }

    /** Sends as {@link #sendDeadLetter(Parsed.Rejected)}; {@code then}, when not null, sees the outcome too. */
    public Future<RecordMetadata> sendDeadLetter(Parsed.Rejected rejected, Callback then) {
        rethrowFailure();
        RecordHeaders headers = headers(rejected.provenance());
        byte[] value = rejected.raw();
        String detail = rejected.detail();
        if (value.length > deadLetterLimit) {
            headers.add(DeadLetterHeaders.ORIGINAL_BYTES, utf8(Integer.toString(value.length)));
            headers.add(DeadLetterHeaders.ORIGINAL_SHA256, utf8(sha256(value)));
            detail = detail + "; ft.dlq keeps its first " + deadLetterLimit + " bytes";
            value = Arrays.copyOf(value, deadLetterLimit);
        }
        headers.add(DeadLetterHeaders.REASON, utf8(rejected.reason().wireName()));
        headers.add(DeadLetterHeaders.DETAIL, utf8(detail));
        headers.add(DeadLetterHeaders.STAGE, utf8(STAGE));
        ProducerRecord<String, byte[]> out = new ProducerRecord<>(dlqTopic, null, rejected.provenance().source(), value, headers);
        return producer.send(out, track(then));
    }

    /** Hex sha256 of {@code bytes}. */
    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** Waits until everything sent so far is acknowledged; throws if any of it failed. */
    public void flush() {
        producer.flush();
        rethrowFailure();
    }

    private Callback track(Callback then) {
        return (metadata, error) -> {
            if (error != null) {
                failure.compareAndSet(null, error);
            }
            if (then != null) {
                then.onCompletion(metadata, error);
            }
        };
    }

    private void rethrowFailure() {
        Exception e = stopOnFailure ? failure.get() : null;
        if (e != null) {
            throw new IllegalStateException("producing to Kafka failed, ingest stopped (rerun to resume): " + e.getMessage(), e);
        }
    }

    private static RecordHeaders headers(Provenance where) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(DeadLetterHeaders.SOURCE, utf8(where.source()));
        headers.add(DeadLetterHeaders.FILE, utf8(where.input()));
        headers.add(DeadLetterHeaders.LINE, utf8(Long.toString(where.line())));
        return headers;
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Abandons unsent records, as a crash would; for tests that drill a restart. */
    void abandon() {
        producer.close(Duration.ZERO);
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(30));
    }
}
