package dev.safeflow.schemas.serde;

import dev.safeflow.schemas.registry.SchemaRegistryClient;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/** A Kafka {@link Serde} of one generated Avro class, for producers, consumers and Kafka Streams. */
public final class AvroSerde<T extends SpecificRecord> implements Serde<T> {
    private final AvroSerializer<T> serializer;
    private final AvroDeserializer<T> deserializer;

    public AvroSerde(SchemaRegistryClient registry, Class<T> type, boolean isKey) {
        this.serializer = new AvroSerializer<>(registry, isKey);
        this.deserializer = new AvroDeserializer<>(registry, type);
    }

    /** A value serde for {@code type} talking to the registry at {@code registryUrl}. */
    public static <T extends SpecificRecord> AvroSerde<T> forValues(String registryUrl, Class<T> type) {
        return new AvroSerde<>(RegistryClients.shared(new AvroSerdeConfig(registryUrl, null, true, true)), type, false);
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        // Built ready to use; configuration comes through the constructor.
    }

    @Override
    public Serializer<T> serializer() {
        return serializer;
    }

    @Override
    public Deserializer<T> deserializer() {
        return deserializer;
    }
}
