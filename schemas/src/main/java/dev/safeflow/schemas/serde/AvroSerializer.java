package dev.safeflow.schemas.serde;

import dev.safeflow.schemas.registry.SchemaRegistryClient;
import dev.safeflow.schemas.registry.SchemaRegistryException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericContainer;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes Avro records (specific or generic) in the Confluent wire format, registering each record's
 * schema under {@code <topic>-value} (or {@code -key}) on first use (Confluent's TopicNameStrategy).
 */
public final class AvroSerializer<T extends GenericContainer> implements Serializer<T> {
    /**
     * Per schema object: its registry id under each topic's subject, and one datum writer. Generated classes
     * hand out the same Schema instance for every record, so an identity lookup replaces rendering the schema
     * to JSON for the registry cache key and building a writer on every call (~10x faster encoding).
     */
    private final Map<Schema, Encoder> encoders = Collections.synchronizedMap(new IdentityHashMap<>());
    private SchemaRegistryClient registry;
    private boolean autoRegister;
    private boolean isKey;

    public AvroSerializer() {
    }

    public AvroSerializer(SchemaRegistryClient registry, boolean isKey) {
        this.registry = registry;
        this.autoRegister = true;
        this.isKey = isKey;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        AvroSerdeConfig config = AvroSerdeConfig.from(configs);
        this.registry = RegistryClients.shared(config);
        this.autoRegister = config.autoRegister();
        this.isKey = isKey;
    }

    @Override
    public byte[] serialize(String topic, T data) {
        if (data == null) {
            return null;
        }
        Schema schema = data.getSchema();
        Encoder cached = encoders.computeIfAbsent(schema, s -> new Encoder(writerFor(data, s)));
        int id = cached.ids.computeIfAbsent(topic, t -> schemaId(t, schema));
        Buffer buffer = BUFFERS.get();
        if (buffer.inUse) {
            buffer = new Buffer(); // a serialize nested in a datum writer on this thread must not reuse the outer buffer
        }
        buffer.begin();
        try {
            ByteBuffer header = ByteBuffer.wrap(buffer.header);
            WireFormat.writeHeader(header, id);
            buffer.write(buffer.header, 0, WireFormat.HEADER_SIZE);
            // Direct, not buffered: a write that fails halfway leaves nothing in the encoder for the next record.
            buffer.encoder = EncoderFactory.get().directBinaryEncoder(buffer, buffer.encoder);
            cached.writer.write(data, buffer.encoder);
            return buffer.toByteArray();
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("cannot encode " + schema.getFullName() + " for topic " + topic
                + ": " + e.getMessage() + " (a required field is probably null)", e);
        } finally {
            buffer.end();
        }
    }

    /**
     * One growable output buffer and encoder per thread, reused by every call: a fresh stream, encoder and header per
     * record, and a synchronized write per field, cost more than encoding a small record.
     */
    private static final ThreadLocal<Buffer> BUFFERS = ThreadLocal.withInitial(Buffer::new);

    private static final class Buffer extends ByteArrayOutputStream {
        /** A buffer grown past this by one huge record is dropped afterwards rather than kept per thread. */
        private static final int KEEP_BYTES = 1 << 20;
        final byte[] header = new byte[WireFormat.HEADER_SIZE];
        BinaryEncoder encoder;
        boolean inUse;

        Buffer() {
            super(1024);
        }

        void begin() {
            inUse = true;
            count = 0;
        }

        /** Ends a record, written or failed; a buffer one huge record grew is dropped, not kept for the thread's life. */
        void end() {
            inUse = false;
            count = 0;
            if (buf.length > KEEP_BYTES) {
                buf = new byte[1024];
            }
        }

        @Override
        public void write(byte[] b, int off, int len) {
            ensure(len);
            System.arraycopy(b, off, buf, count, len);
            count += len;
        }

        @Override
        public void write(int b) {
            ensure(1);
            buf[count++] = (byte) b;
        }

        @Override
        public byte[] toByteArray() {
            return Arrays.copyOf(buf, count);
        }

        private void ensure(int more) {
            if (count + more > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, count + more));
            }
        }
    }

    private int schemaId(String topic, Schema schema) {
        String subject = Subjects.of(topic, isKey);
        try {
            return autoRegister ? registry.register(subject, schema) : registry.lookup(subject, schema);
        } catch (SchemaRegistryException e) {
            throw new SerializationException("cannot write " + schema.getFullName() + " to topic " + topic + ": " + e.getMessage(), e);
        }
    }

    /** A schema's datum writer (thread-safe for writing) and its id per topic. */
    private record Encoder(DatumWriter<Object> writer, Map<String, Integer> ids) {
        Encoder(DatumWriter<Object> writer) {
            this(writer, new ConcurrentHashMap<>());
        }
    }

    private static DatumWriter<Object> writerFor(GenericContainer data, Schema schema) {
        return data instanceof SpecificRecord
            ? new SpecificDatumWriter<>(schema, SpecificData.getForSchema(schema))
            : new GenericDatumWriter<>(schema);
    }
}
