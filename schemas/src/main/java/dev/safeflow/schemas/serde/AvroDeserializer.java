package dev.safeflow.schemas.serde;

import dev.safeflow.schemas.registry.SchemaRegistryClient;
import dev.safeflow.schemas.registry.SchemaRegistryException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads the Confluent wire format. The writer schema comes from the registry by the id in the header;
 * the reader schema is the target class's (typed use, or {@code specific.avro.reader=true}) or the
 * writer's (generic use). Avro's schema resolution bridges the two, so evolved data stays readable.
 */
public final class AvroDeserializer<T> implements Deserializer<T> {
    private SchemaRegistryClient registry;
    private Class<T> target;
    private boolean specific;
    private final Map<Integer, DatumReader<Object>> readers = new ConcurrentHashMap<>();

    public AvroDeserializer() {
    }

    /** A typed deserializer: every datum is resolved into {@code target}'s schema. */
    public AvroDeserializer(SchemaRegistryClient registry, Class<T> target) {
        this.registry = registry;
        this.target = target;
        this.specific = target != null;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        AvroSerdeConfig config = AvroSerdeConfig.from(configs);
        this.registry = RegistryClients.shared(config);
        this.specific = specific || config.specificReader();
    }

    @Override
    @SuppressWarnings("unchecked")
    public T deserialize(String topic, byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        int id = WireFormat.readHeader(buffer, topic);
        DatumReader<Object> reader;
        try {
            reader = readers.computeIfAbsent(id, this::readerFor);
        } catch (SchemaRegistryException e) {
            throw new SerializationException("cannot read record on topic " + topic + ": " + e.getMessage(), e);
        }
        BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(bytes, buffer.position(), buffer.remaining(), null);
        try {
            return (T) reader.read(null, decoder);
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("record on topic " + topic + " does not decode with schema id " + id
                + ": " + e.getMessage() + " (the payload is corrupt or was written with another schema)", e);
        }
    }

    private DatumReader<Object> readerFor(int id) {
        Schema writer = registry.schemaById(id);
        if (!specific) {
            return new GenericDatumReader<>(writer);
        }
        Schema reader = target != null ? SpecificData.get().getSchema(target) : specificSchemaFor(writer);
        return new SpecificDatumReader<>(writer, reader, SpecificData.getForSchema(reader));
    }

    private static Schema specificSchemaFor(Schema writer) {
        Class<?> type = SpecificData.get().getClass(writer);
        if (type == null) {
            throw new SerializationException("no generated class for " + writer.getFullName()
                + " on the classpath: add the schemas jar or set specific.avro.reader=false");
        }
        return SpecificData.get().getSchema(type);
    }
}
