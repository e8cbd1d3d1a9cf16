package dev.saccade.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;

/** Renders Avro records as plain JSON objects (no Avro union wrappers): times as ISO-8601, bytes as base64. */
public final class AvroJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private AvroJson() {}

    public static String toJsonLine(GenericRecord record) {
        return toJsonLine(record, Integer.MAX_VALUE);
    }

    /**
     * As {@link #toJsonLine(GenericRecord)}, a bytes field longer than {@code maxBytes} shown by its first
     * {@code maxBytes} only, with {@code <field>Bytes} (its length) and {@code <field>Truncated: true} beside it.
     */
    public static String toJsonLine(GenericRecord record, int maxBytes) {
        try {
            ObjectNode node = toNode(record);
            for (Schema.Field f : record.getSchema().getFields()) {
                if (record.get(f.pos()) instanceof ByteBuffer b && b.remaining() > maxBytes) {
                    byte[] head = new byte[maxBytes];
                    b.duplicate().get(head);
                    node.put(f.name(), Base64.getEncoder().encodeToString(head));
                    node.put(f.name() + "Bytes", b.remaining());
                    node.put(f.name() + "Truncated", true);
                }
            }
            return MAPPER.writeValueAsString(node);
        } catch (Exception e) {
            throw new IllegalStateException(
                    "cannot render " + record.getSchema().getName() + " as JSON", e);
        }
    }

    public static ObjectNode toNode(GenericRecord record) {
        ObjectNode node = NODES.objectNode();
        for (Schema.Field f : record.getSchema().getFields()) {
            node.set(f.name(), value(record.get(f.pos())));
        }
        return node;
    }

    private static JsonNode value(Object v) {
        if (v == null) {
            return NODES.nullNode();
        } else if (v instanceof GenericRecord r) {
            return toNode(r);
        } else if (v instanceof CharSequence s) {
            return NODES.textNode(s.toString());
        } else if (v instanceof Integer i) {
            return NODES.numberNode(i);
        } else if (v instanceof Long l) {
            return NODES.numberNode(l);
        } else if (v instanceof Float f) {
            return Float.isFinite(f) ? NODES.numberNode(f) : NODES.nullNode(); // JSON has no NaN; never print "NaN"
        } else if (v instanceof Double d) {
            return Double.isFinite(d) ? NODES.numberNode(d) : NODES.nullNode();
        } else if (v instanceof Boolean b) {
            return NODES.booleanNode(b);
        } else if (v instanceof Instant t) {
            return NODES.textNode(t.toString());
        } else if (v instanceof ByteBuffer b) {
            byte[] bytes = new byte[b.remaining()];
            b.duplicate().get(bytes);
            return NODES.textNode(Base64.getEncoder().encodeToString(bytes));
        } else if (v instanceof Collection<?> c) {
            ArrayNode array = NODES.arrayNode();
            c.forEach(item -> array.add(value(item)));
            return array;
        } else if (v instanceof Map<?, ?> m) {
            ObjectNode object = NODES.objectNode();
            m.forEach((k, item) -> object.set(String.valueOf(k), value(item)));
            return object;
        }
        return NODES.textNode(v.toString()); // enums and anything else print as their name
    }
}
