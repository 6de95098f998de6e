package io.kkbridge.sandbox.tools.generate;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.kkbridge.streams.serde.Json;

/**
 * Change records of a DynamoDB sales table as "Kinesis Data Streams for DynamoDB" writes them:
 * <pre>
 * {"awsRegion", "eventID", "eventName": INSERT|MODIFY|REMOVE, "userIdentity": null,
 *  "recordFormat": "application/json", "tableName",
 *  "dynamodb": {"ApproximateCreationDateTime": epoch millis, "Keys", "NewImage", "OldImage", "SizeBytes",
 *               "ApproximateCreationDateTimePrecision": "MILLISECOND"},
 *  "eventSource": "aws:dynamodb"}
 * </pre>
 * with attribute values in DynamoDB JSON ({@code S}, {@code N} as a string, {@code BOOL}, {@code NULL}, {@code M},
 * {@code L}, {@code SS}). Items: {@code sale_id} (key, S), {@code product_id}, {@code category}, {@code quantity},
 * {@code unit_price}, {@code amount} (= quantity x unit_price), {@code store} (M), {@code on_promotion} (BOOL),
 * {@code tags} (SS, absent when empty), {@code channel} (L of S), {@code coupon} (S or NULL), {@code updated_at}
 * (N, epoch millis).
 *
 * <p>The generator keeps the table, so the changes are consistent: an INSERT is for a key not in the table, a MODIFY
 * carries the item's current image as {@code OldImage}, a REMOVE the last image; replaying them in order rebuilds
 * {@link #table()}. No NewImage on REMOVE, no OldImage on INSERT. {@code SizeBytes} approximates DynamoDB's item
 * size (attribute names plus values). Reproducible for a seed and start; keyed by {@code sale_id}.
 */
public final class SalesCdcGenerator implements RecordGenerator {

    private static final String[] CITIES = {"Seattle", "Austin", "Boston", "Denver", "Miami", "Chicago"};
    private static final String[] TAGS = {"black-friday", "clearance", "new", "bundle", "gift"};
    private static final String[] CHANNELS = {"store", "web", "app", "phone"};

    private final Random random;
    private final String region;
    private final String tableName;
    private final int maxItems;
    private final List<ProductCatalogue.Product> products = ProductCatalogue.products();
    /** Current items by key, and the keys in an order the random choice can index. */
    private final Map<String, ObjectNode> items = new HashMap<>();
    private final List<String> keys = new ArrayList<>();
    private long clockMillis;

    /**
     * @param maxItems the table grows to about this many items, then changes and removals keep it there
     */
    public SalesCdcGenerator(long seed, Instant start, String region, String tableName, int maxItems) {
        if (maxItems < 1) {
            throw new IllegalArgumentException("maxItems must be at least 1, not " + maxItems);
        }
        this.random = new Random(seed);
        this.region = region;
        this.tableName = tableName;
        this.maxItems = maxItems;
        this.clockMillis = start.toEpochMilli();
    }

    @Override
    public GeneratedRecord next() {
        clockMillis += 1 + random.nextInt(50);
        int roll = random.nextInt(100);
        String eventName;
        if (items.size() < Math.min(10, maxItems) || (items.size() < maxItems && roll < 50)) {
            eventName = "INSERT";
        } else if (roll < 85 || items.size() == 1) {
            eventName = "MODIFY";
        } else {
            eventName = "REMOVE";
        }
        ObjectNode oldImage = null;
        ObjectNode newImage = null;
        String key;
        switch (eventName) {
            case "INSERT" -> {
                key = "sale-" + new UUID(random.nextLong(), random.nextLong());
                newImage = newItem(key);
                items.put(key, newImage);
                keys.add(key);
            }
            case "MODIFY" -> {
                key = keys.get(random.nextInt(keys.size()));
                oldImage = items.get(key);
                newImage = modified(oldImage);
                items.put(key, newImage);
            }
            default -> {
                int index = random.nextInt(keys.size());
                key = keys.get(index);
                oldImage = items.remove(key);
                // swap-remove keeps the list compact; the order stays a pure function of the seed
                Collections.swap(keys, index, keys.size() - 1);
                keys.remove(keys.size() - 1);
            }
        }
        ObjectNode keysNode = Json.MAPPER.createObjectNode();
        keysNode.set("sale_id", s(key));
        ObjectNode record = Json.MAPPER.createObjectNode();
        record.put("awsRegion", region);
        record.put("eventID", hex32());
        record.put("eventName", eventName);
        record.putNull("userIdentity");
        record.put("recordFormat", "application/json");
        record.put("tableName", tableName);
        ObjectNode dynamodb = record.putObject("dynamodb");
        dynamodb.put("ApproximateCreationDateTime", clockMillis);
        dynamodb.set("Keys", keysNode);
        if (newImage != null) {
            dynamodb.set("NewImage", newImage.deepCopy());
        }
        if (oldImage != null) {
            dynamodb.set("OldImage", oldImage.deepCopy());
        }
        dynamodb.put("SizeBytes", sizeBytes(keysNode) + (newImage == null ? 0 : sizeBytes(newImage))
                + (oldImage == null ? 0 : sizeBytes(oldImage)));
        dynamodb.put("ApproximateCreationDateTimePrecision", "MILLISECOND");
        record.put("eventSource", "aws:dynamodb");
        try {
            return new GeneratedRecord(key, Json.MAPPER.writeValueAsString(record).getBytes(StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a change record", e);
        }
    }

    /** The table as the changes so far leave it: key to item (DynamoDB JSON), copies. */
    public Map<String, ObjectNode> table() {
        Map<String, ObjectNode> copy = new LinkedHashMap<>();
        for (String key : keys) {
            copy.put(key, items.get(key).deepCopy());
        }
        return copy;
    }

    private ObjectNode newItem(String key) {
        ProductCatalogue.Product product = products.get(random.nextInt(products.size()));
        int quantity = 1 + random.nextInt(8);
        ObjectNode item = Json.MAPPER.createObjectNode();
        item.set("sale_id", s(key));
        item.set("product_id", s(product.productId()));
        item.set("category", s(product.category()));
        item.set("quantity", n(BigDecimal.valueOf(quantity)));
        item.set("unit_price", n(product.unitPrice()));
        item.set("amount", n(product.unitPrice().multiply(BigDecimal.valueOf(quantity))));
        ObjectNode store = Json.MAPPER.createObjectNode();
        store.set("store_id", n(BigDecimal.valueOf(100 + random.nextInt(40))));
        store.set("city", s(CITIES[random.nextInt(CITIES.length)]));
        item.set("store", m(store));
        item.set("on_promotion", bool(random.nextInt(4) == 0));
        ArrayNode tags = Json.MAPPER.createArrayNode();
        for (String tag : TAGS) {
            if (random.nextInt(5) == 0) {
                tags.add(tag);
            }
        }
        if (!tags.isEmpty()) {
            // DynamoDB has no empty sets: an item without tags has no tags attribute
            item.set("tags", Json.MAPPER.createObjectNode().set("SS", tags));
        }
        ArrayNode channel = Json.MAPPER.createArrayNode();
        channel.add(s(CHANNELS[random.nextInt(CHANNELS.length)]));
        item.set("channel", Json.MAPPER.createObjectNode().set("L", channel));
        item.set("coupon", random.nextInt(3) == 0
                ? s("SAVE" + (5 + random.nextInt(4) * 5)) : Json.MAPPER.createObjectNode().put("NULL", true));
        item.set("updated_at", n(BigDecimal.valueOf(clockMillis)));
        return item;
    }

    /** The same sale with another quantity (amount follows), maybe another promotion flag. */
    private ObjectNode modified(ObjectNode current) {
        ObjectNode item = current.deepCopy();
        int quantity = new BigDecimal(current.get("quantity").get("N").asText()).intValueExact();
        int changed = Math.max(1, quantity + (random.nextBoolean() ? 1 + random.nextInt(3) : -1 - random.nextInt(3)));
        BigDecimal unitPrice = new BigDecimal(current.get("unit_price").get("N").asText());
        item.set("quantity", n(BigDecimal.valueOf(changed)));
        item.set("amount", n(unitPrice.multiply(BigDecimal.valueOf(changed))));
        if (random.nextInt(5) == 0) {
            item.set("on_promotion", bool(!current.get("on_promotion").get("BOOL").asBoolean()));
        }
        item.set("updated_at", n(BigDecimal.valueOf(clockMillis)));
        return item;
    }

    private String hex32() {
        return String.format(Locale.ROOT, "%016x%016x", random.nextLong(), random.nextLong());
    }

    static ObjectNode s(String value) {
        return Json.MAPPER.createObjectNode().put("S", value);
    }

    static ObjectNode n(BigDecimal value) {
        return Json.MAPPER.createObjectNode().put("N", value.toPlainString());
    }

    static ObjectNode bool(boolean value) {
        return Json.MAPPER.createObjectNode().put("BOOL", value);
    }

    static ObjectNode m(ObjectNode attributes) {
        return Json.MAPPER.createObjectNode().set("M", attributes);
    }

    /** Attribute names plus values, roughly as DynamoDB sizes an item. */
    static int sizeBytes(ObjectNode attributes) {
        int size = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = attributes.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> attribute = it.next();
            size += utf8(attribute.getKey()) + valueSize(attribute.getValue());
        }
        return size;
    }

    private static int valueSize(JsonNode typed) {
        Map.Entry<String, JsonNode> only = typed.fields().next();
        JsonNode value = only.getValue();
        return switch (only.getKey()) {
            case "S" -> utf8(value.asText());
            case "N" -> value.asText().replace("-", "").replace(".", "").length() / 2 + 1;
            case "BOOL", "NULL" -> 1;
            case "M" -> 3 + sizeBytes((ObjectNode) value);
            case "L" -> {
                int size = 3;
                for (JsonNode element : value) {
                    size += 1 + valueSize(element);
                }
                yield size;
            }
            case "SS" -> {
                int size = 0;
                for (JsonNode element : value) {
                    size += utf8(element.asText());
                }
                yield size;
            }
            default -> throw new IllegalStateException("unexpected attribute type " + only.getKey());
        };
    }

    private static int utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }
}
