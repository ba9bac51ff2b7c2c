package dev.safeflow.schemas.serde;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.safeflow.avro.ChatMessage;
import dev.safeflow.avro.FineTuneRecord;
import dev.safeflow.schemas.registry.SchemaRegistryClient;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/** Failures that need no registry to reach: bad bytes, unreachable registry, missing configuration. */
class AvroSerdeErrorsTest {
    static final SchemaRegistryClient NOWHERE = new SchemaRegistryClient("http://localhost:1", null);

    @Test
    void bytesWithoutTheMagicByteAreRejectedBeforeAnyRegistryCall() {
        var deserializer = new AvroDeserializer<>(NOWHERE, FineTuneRecord.class);
        SerializationException e = assertThrows(SerializationException.class,
            () -> deserializer.deserialize("ft.raw", "{\"json\":true}".getBytes()));
        assertTrue(e.getMessage().contains("ft.raw") && e.getMessage().contains("magic byte 0"), e.getMessage());
    }

    @Test
    void tooShortPayloadIsNamed() {
        var deserializer = new AvroDeserializer<>(NOWHERE, FineTuneRecord.class);
        SerializationException e = assertThrows(SerializationException.class, () -> deserializer.deserialize("t", new byte[] {0, 1}));
        assertTrue(e.getMessage().contains("2 bytes"), e.getMessage());
    }

    @Test
    void unreachableRegistryNamesTheUrlAndTheFix() {
        var serializer = new AvroSerializer<FineTuneRecord>(NOWHERE, false);
        FineTuneRecord record = FineTuneRecord.newBuilder().setId("1").setSource("s")
            .setMessages(List.of(new ChatMessage("user", "hi"))).setIngestedAt(Instant.EPOCH).build();
        SerializationException e = assertThrows(SerializationException.class, () -> serializer.serialize("ft.raw", record));
        assertTrue(e.getMessage().contains("http://localhost:1") && e.getMessage().contains("registry.url"), e.getMessage());
        assertTrue(e.getMessage().contains("ft.raw"), e.getMessage());
    }

    @Test
    void missingRegistryUrlIsAConfigurationError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> new AvroSerializer<FineTuneRecord>().configure(Map.of(), false));
        assertTrue(e.getMessage().contains("schema.registry.url"), e.getMessage());
    }
}
