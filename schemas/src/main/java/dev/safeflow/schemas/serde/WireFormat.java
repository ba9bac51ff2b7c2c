package dev.safeflow.schemas.serde;

import java.nio.ByteBuffer;
import org.apache.kafka.common.errors.SerializationException;

/**
 * The Confluent wire format: magic byte 0, the schema's registry id as a 4-byte big-endian int, then
 * the Avro binary encoding of the datum. Apicurio (with its 4-byte id handler), Karapace and Redpanda
 * write the same layout.
 */
final class WireFormat {
    static final byte MAGIC_BYTE = 0;
    static final int HEADER_SIZE = 5;

    private WireFormat() {
    }

    static void writeHeader(ByteBuffer out, int schemaId) {
        out.put(MAGIC_BYTE).putInt(schemaId);
    }

    /** Reads the header and returns the schema id; the buffer is left at the start of the Avro payload. */
    static int readHeader(ByteBuffer in, String topic) {
        if (in.remaining() < HEADER_SIZE) {
            throw new SerializationException("record on topic " + topic + " has " + in.remaining()
                + " bytes, too few for the schema-registry wire format (magic byte + 4-byte id): it was not written by an Avro serializer");
        }
        byte magic = in.get();
        if (magic != MAGIC_BYTE) {
            throw new SerializationException("record on topic " + topic + " starts with byte " + magic
                + ", not the wire format's magic byte 0: it was not written by a schema-registry Avro serializer");
        }
        return in.getInt();
    }
}
