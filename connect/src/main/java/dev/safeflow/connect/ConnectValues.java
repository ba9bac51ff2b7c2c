package dev.safeflow.connect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Date;
import java.util.Map;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;

/**
 * A Connect value as the JSON tree a mapping reads: structs (JDBC rows, Debezium envelopes) become objects by field
 * name, maps objects, arrays lists, so {@code /after/question} reads a Debezium row the way it reads JSON.
 */
final class ConnectValues {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ConnectValues() {
    }

    static JsonNode tree(Object value) {
        if (value == null) {
            return NODES.nullNode();
        }
        if (value instanceof Struct struct) {
            ObjectNode out = NODES.objectNode();
            for (Field field : struct.schema().fields()) {
                out.set(field.name(), tree(struct.get(field)));
            }
            return out;
        }
        if (value instanceof Map<?, ?> map) {
            ObjectNode out = NODES.objectNode();
            map.forEach((k, v) -> out.set(String.valueOf(k), tree(v)));
            return out;
        }
        if (value instanceof Collection<?> list) {
            ArrayNode out = NODES.arrayNode();
            list.forEach(v -> out.add(tree(v)));
            return out;
        }
        if (value instanceof Boolean b) {
            return NODES.booleanNode(b);
        }
        if (value instanceof Integer || value instanceof Short || value instanceof Byte || value instanceof Long) {
            return NODES.numberNode(((Number) value).longValue());
        }
        if (value instanceof Float || value instanceof Double) {
            return NODES.numberNode(((Number) value).doubleValue());
        }
        if (value instanceof BigDecimal d) {
            return NODES.numberNode(d);
        }
        if (value instanceof byte[] bytes) {
            return NODES.textNode(new String(bytes, StandardCharsets.UTF_8));
        }
        if (value instanceof ByteBuffer buffer) {
            byte[] bytes = new byte[buffer.remaining()];
            buffer.duplicate().get(bytes);
            return NODES.textNode(new String(bytes, StandardCharsets.UTF_8));
        }
        if (value instanceof Date date) {
            return NODES.textNode(date.toInstant().toString());
        }
        return NODES.textNode(value.toString());
    }
}
