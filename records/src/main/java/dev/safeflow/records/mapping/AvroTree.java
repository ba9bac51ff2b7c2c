package dev.safeflow.records.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.GenericRecord;

/**
 * An Avro datum read with its writer's schema, as a JSON tree: records become objects by field name, arrays
 * lists, maps objects; unions are their branch's value (no type wrapper), so a field path {@code a.b} reads an
 * optional field the same way as a required one. Bytes and fixed become ISO-8859-1 text, enums their symbol.
 */
final class AvroTree {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private AvroTree() {
    }

    static JsonNode of(Object datum) {
        if (datum == null) {
            return NODES.nullNode();
        }
        if (datum instanceof GenericRecord record) {
            ObjectNode out = NODES.objectNode();
            for (Schema.Field field : record.getSchema().getFields()) {
                out.set(field.name(), of(record.get(field.pos())));
            }
            return out;
        }
        if (datum instanceof Map<?, ?> map) {
            ObjectNode out = NODES.objectNode();
            map.forEach((k, v) -> out.set(k.toString(), of(v)));
            return out;
        }
        if (datum instanceof Collection<?> list) {
            ArrayNode out = NODES.arrayNode();
            list.forEach(v -> out.add(of(v)));
            return out;
        }
        if (datum instanceof CharSequence) {
            return NODES.textNode(datum.toString());
        }
        if (datum instanceof Integer i) {
            return NODES.numberNode(i);
        }
        if (datum instanceof Long l) {
            return NODES.numberNode(l);
        }
        if (datum instanceof Float f) {
            return NODES.numberNode(f);
        }
        if (datum instanceof Double d) {
            return NODES.numberNode(d);
        }
        if (datum instanceof Boolean b) {
            return NODES.booleanNode(b);
        }
        if (datum instanceof ByteBuffer bytes) {
            return NODES.textNode(latin1(bytes.duplicate()));
        }
        if (datum instanceof GenericFixed fixed) {
            return NODES.textNode(latin1(ByteBuffer.wrap(fixed.bytes())));
        }
        return NODES.textNode(datum.toString()); // enum symbols and logical-type values print as their value
    }

    private static String latin1(ByteBuffer bytes) {
        byte[] b = new byte[bytes.remaining()];
        bytes.get(b);
        return new String(b, StandardCharsets.ISO_8859_1);
    }
}
