package io.kkbridge.streams.pipeline.salescdc;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.kkbridge.streams.serde.Json;

/**
 * A test double of a DynamoDB table (partition key + sort key) with a stream of view type NEW_AND_OLD_IMAGES,
 * delivered the way Kinesis Data Streams for DynamoDB writes it. It follows the service's documented behaviour:
 * a put of a new item is an INSERT, a put or update that changes an existing item a MODIFY with both images, a
 * delete of an existing item a REMOVE with the old image; a write that changes nothing, or a delete of a missing
 * item, writes no record. Items hold String (S), BigDecimal (N), Boolean (BOOL), null (NULL), Map (M), List (L),
 * Set of String (SS), Set of BigDecimal (NS) and byte[] (B).
 *
 * <p>DynamoDB Local is not used: its licence is the vendor's own, not an open-source one, so the project does not
 * depend on it; this double is the stand-in, named as one.
 */
final class DynamoTableDouble {

    private final String tableName;
    private final String partitionKey;
    private final String sortKey;
    private final Map<String, Map<String, Object>> items = new TreeMap<>();
    private final List<String> stream = new ArrayList<>();
    private final Random random;
    private long clockMillis;

    DynamoTableDouble(String tableName, String partitionKey, String sortKey, long startMillis, long seed) {
        this.tableName = tableName;
        this.partitionKey = partitionKey;
        this.sortKey = sortKey;
        this.clockMillis = startMillis;
        this.random = new Random(seed);
    }

    /** Moves the clock on; several writes may share a millisecond, as on the service. */
    void tick(long millis) {
        clockMillis += millis;
    }

    void put(Map<String, Object> item) {
        String key = key(item);
        Map<String, Object> old = items.get(key);
        Map<String, Object> copy = new LinkedHashMap<>(item);
        if (copy.equals(old)) {
            return;
        }
        items.put(key, copy);
        record(old == null ? "INSERT" : "MODIFY", copy, copy, old);
    }

    /** UpdateItem with SET of the given attributes; an absent item is created (as UpdateItem does). */
    void update(Object pk, Object sk, Map<String, Object> set) {
        Map<String, Object> current = items.get(key(pk, sk));
        Map<String, Object> updated = new LinkedHashMap<>();
        if (current != null) {
            updated.putAll(current);
        } else {
            updated.put(partitionKey, pk);
            updated.put(sortKey, sk);
        }
        updated.putAll(set);
        put(updated);
    }

    void delete(Object pk, Object sk) {
        Map<String, Object> old = items.remove(key(pk, sk));
        if (old != null) {
            record("REMOVE", old, null, old);
        }
    }

    Collection<Map<String, Object>> scan() {
        return items.values();
    }

    Map<String, Object> get(Object pk, Object sk) {
        return items.get(key(pk, sk));
    }

    /** The stream's records so far, oldest first, as Kinesis Data Streams for DynamoDB JSON. */
    List<String> streamRecords() {
        return stream;
    }

    private String key(Map<String, Object> item) {
        return key(item.get(partitionKey), item.get(sortKey));
    }

    private static String key(Object pk, Object sk) {
        return Objects.requireNonNull(pk) + "\u0000" + Objects.requireNonNull(sk);
    }

    private void record(String eventName, Map<String, Object> keySource, Map<String, Object> newImage,
                        Map<String, Object> oldImage) {
        ObjectNode record = Json.NODES.objectNode();
        record.put("awsRegion", "eu-west-1");
        record.put("eventID", eventId());
        record.put("eventName", eventName);
        record.putNull("userIdentity");
        record.put("recordFormat", "application/json");
        record.put("tableName", tableName);
        ObjectNode dynamodb = record.putObject("dynamodb");
        dynamodb.put("ApproximateCreationDateTime", clockMillis);
        ObjectNode keys = dynamodb.putObject("Keys");
        keys.set(partitionKey, marshal(keySource.get(partitionKey)));
        keys.set(sortKey, marshal(keySource.get(sortKey)));
        if (newImage != null) {
            dynamodb.set("NewImage", marshalItem(newImage));
        }
        if (oldImage != null) {
            dynamodb.set("OldImage", marshalItem(oldImage));
        }
        dynamodb.put("SizeBytes", size(keys) + (newImage == null ? 0 : size(dynamodb.get("NewImage")))
                + (oldImage == null ? 0 : size(dynamodb.get("OldImage"))));
        record.put("eventSource", "aws:dynamodb");
        try {
            stream.add(Json.MAPPER.writeValueAsString(record));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private String eventId() {
        StringBuilder id = new StringBuilder(32);
        for (int i = 0; i < 32; i++) {
            id.append(Character.forDigit(random.nextInt(16), 16));
        }
        return id.toString();
    }

    private static int size(com.fasterxml.jackson.databind.JsonNode node) {
        return node.toString().getBytes(StandardCharsets.UTF_8).length;
    }

    static ObjectNode marshalItem(Map<String, Object> item) {
        ObjectNode node = Json.NODES.objectNode();
        item.forEach((name, value) -> node.set(name, marshal(value)));
        return node;
    }

    @SuppressWarnings("unchecked")
    static ObjectNode marshal(Object value) {
        ObjectNode av = Json.NODES.objectNode();
        if (value == null) {
            av.put("NULL", true);
        } else if (value instanceof String s) {
            av.put("S", s);
        } else if (value instanceof BigDecimal n) {
            av.put("N", n.toPlainString());
        } else if (value instanceof Boolean b) {
            av.put("BOOL", b);
        } else if (value instanceof byte[] bytes) {
            av.put("B", Base64.getEncoder().encodeToString(bytes));
        } else if (value instanceof Map<?, ?> map) {
            av.set("M", marshalItem((Map<String, Object>) map));
        } else if (value instanceof Set<?> set && !set.isEmpty() && set.iterator().next() instanceof String) {
            ArrayNode ss = av.putArray("SS");
            set.forEach(s -> ss.add((String) s));
        } else if (value instanceof Set<?> set && !set.isEmpty()) {
            ArrayNode ns = av.putArray("NS");
            set.forEach(n -> ns.add(((BigDecimal) n).toPlainString()));
        } else if (value instanceof List<?> list) {
            ArrayNode l = av.putArray("L");
            list.forEach(v -> l.add(marshal(v)));
        } else {
            throw new IllegalArgumentException("no DynamoDB type for " + value.getClass());
        }
        return av;
    }
}
