package io.kkbridge.streams.pipeline.salescdc;

import java.math.BigDecimal;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.kkbridge.streams.dlq.InvalidRecordException;
import io.kkbridge.streams.serde.Json;

/**
 * Unmarshals DynamoDB's attribute-value JSON ({@code {"price": {"N": "12.50"}}}) into a plain JSON document
 * ({@code {"price": 12.50}}): {@code S} to a string, {@code N} to an exact decimal number (never a double: the digits
 * and scale are kept), {@code BOOL} to a boolean, {@code NULL} to null, {@code M} to an object, {@code L} to an
 * array, {@code SS}/{@code NS}/{@code BS} to arrays, {@code B}/{@code BS} as their base64 text. Anything else is
 * refused with the path of the attribute.
 */
public final class DynamoJson {

    private static final JsonNodeFactory NODES = Json.NODES;

    private DynamoJson() {
    }

    /** An attribute map ({@code Keys}, {@code NewImage}, {@code OldImage}, or the value of an {@code M}). */
    public static ObjectNode unmarshalMap(JsonNode map, String path) throws InvalidRecordException {
        if (map == null || !map.isObject()) {
            throw InvalidRecordException.wrongType(path, "an object of attribute values", describe(map));
        }
        ObjectNode out = NODES.objectNode();
        Iterator<Map.Entry<String, JsonNode>> fields = map.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            out.set(field.getKey(), unmarshal(field.getValue(), path + "." + field.getKey()));
        }
        return out;
    }

    /** One attribute value: an object with exactly one type descriptor. */
    public static JsonNode unmarshal(JsonNode value, String path) throws InvalidRecordException {
        if (value == null || !value.isObject()) {
            throw InvalidRecordException.wrongType(path, "an attribute value object such as {\"S\": \"text\"}",
                    describe(value));
        }
        if (value.size() != 1) {
            throw InvalidRecordException.invalid(path, "must have exactly one type descriptor (S, N, BOOL, NULL, M, "
                    + "L, SS, NS, B, BS) but has " + value.size());
        }
        Map.Entry<String, JsonNode> typed = value.fields().next();
        String type = typed.getKey();
        JsonNode v = typed.getValue();
        String at = path + "." + type;
        switch (type) {
            case "S": return NODES.textNode(text(v, at));
            case "N": return NODES.numberNode(number(v, at));
            case "BOOL":
                if (!v.isBoolean()) {
                    throw InvalidRecordException.wrongType(at, "a boolean", describe(v));
                }
                return NODES.booleanNode(v.booleanValue());
            case "NULL":
                if (!v.isBoolean() || !v.booleanValue()) {
                    throw InvalidRecordException.invalid(at, "must be true");
                }
                return NODES.nullNode();
            case "M": return unmarshalMap(v, at);
            case "L": {
                ArrayNode list = NODES.arrayNode();
                for (int i = 0; i < array(v, at, false).size(); i++) {
                    list.add(unmarshal(v.get(i), at + "[" + i + "]"));
                }
                return list;
            }
            case "SS": {
                ArrayNode set = NODES.arrayNode();
                for (int i = 0; i < array(v, at, true).size(); i++) {
                    set.add(text(v.get(i), at + "[" + i + "]"));
                }
                return set;
            }
            case "NS": {
                ArrayNode set = NODES.arrayNode();
                for (int i = 0; i < array(v, at, true).size(); i++) {
                    set.add(number(v.get(i), at + "[" + i + "]"));
                }
                return set;
            }
            case "B": return NODES.textNode(binary(v, at));
            case "BS": {
                ArrayNode set = NODES.arrayNode();
                for (int i = 0; i < array(v, at, true).size(); i++) {
                    set.add(binary(v.get(i), at + "[" + i + "]"));
                }
                return set;
            }
            default:
                throw InvalidRecordException.invalid(path, "has an unknown type descriptor \"" + type
                        + "\" (expected S, N, BOOL, NULL, M, L, SS, NS, B or BS)");
        }
    }

    /** A key attribute's value as text: S as is, N as its plain decimal without trailing zeros, B as base64. */
    public static String keyText(JsonNode value, String path) throws InvalidRecordException {
        if (value == null || !value.isObject() || value.size() != 1) {
            throw InvalidRecordException.wrongType(path, "a key attribute value (S, N or B)", describe(value));
        }
        Map.Entry<String, JsonNode> typed = value.fields().next();
        String at = path + "." + typed.getKey();
        switch (typed.getKey()) {
            case "S": {
                String text = text(typed.getValue(), at);
                if (text.isEmpty()) {
                    throw InvalidRecordException.invalid(at, "must not be empty in a key");
                }
                return text;
            }
            case "N": return canonical(number(typed.getValue(), at));
            case "B": return binary(typed.getValue(), at);
            default:
                throw InvalidRecordException.invalid(path, "a key attribute must be of type S, N or B but is "
                        + typed.getKey());
        }
    }

    /** The same number always gives the same text: {@code 1.50} and {@code 1.5} are one DynamoDB number. */
    static String canonical(BigDecimal number) {
        return number.signum() == 0 ? "0" : number.stripTrailingZeros().toPlainString();
    }

    private static String text(JsonNode v, String at) throws InvalidRecordException {
        if (v == null || !v.isTextual()) {
            throw InvalidRecordException.wrongType(at, "a string", describe(v));
        }
        return v.textValue();
    }

    private static BigDecimal number(JsonNode v, String at) throws InvalidRecordException {
        String text = text(v, at);
        try {
            return new BigDecimal(text);
        } catch (NumberFormatException e) {
            throw InvalidRecordException.invalid(at, "must be a decimal number in a string but is \"" + text + "\"");
        }
    }

    private static String binary(JsonNode v, String at) throws InvalidRecordException {
        String text = text(v, at);
        try {
            Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw InvalidRecordException.invalid(at, "must be base64 but is not: " + e.getMessage());
        }
        return text;
    }

    private static JsonNode array(JsonNode v, String at, boolean isSet) throws InvalidRecordException {
        if (v == null || !v.isArray()) {
            throw InvalidRecordException.wrongType(at, "an array", describe(v));
        }
        if (isSet && v.isEmpty()) {
            throw InvalidRecordException.invalid(at, "must not be empty (DynamoDB has no empty sets)");
        }
        return v;
    }

    static String describe(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "missing";
        }
        switch (node.getNodeType()) {
            case OBJECT: return "object";
            case ARRAY: return "array";
            case STRING: return "string";
            case NUMBER: return "number";
            case BOOLEAN: return "boolean";
            case NULL: return "null";
            default: return node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
