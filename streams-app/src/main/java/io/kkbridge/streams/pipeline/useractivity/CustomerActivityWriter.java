package io.kkbridge.streams.pipeline.useractivity;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.kkbridge.streams.serde.Json;
import io.kkbridge.streams.store.ItemKey;
import io.kkbridge.streams.support.IsoTimestamps;

/**
 * Stores each enriched session under ({@code customer_number}, {@code session_id}) and keeps the customer's
 * summary item: {@code sessions}, {@code total_quantity}, {@code in_cart_quantity}, {@code last_seen} (the latest
 * record timestamp, ISO-8601 UTC) and {@code countries_seen} (country to number of sessions). A session that comes
 * again replaces the stored one and its old part of the summary is taken out first, so nothing counts twice.
 */
final class CustomerActivityWriter implements Processor<byte[], byte[], Void, Void> {

    private final String sessionStoreName;
    private final String summaryStoreName;
    private final IsoTimestamps timestamps = new IsoTimestamps();
    private KeyValueStore<Bytes, byte[]> sessions;
    private KeyValueStore<Bytes, byte[]> summaries;

    CustomerActivityWriter(String sessionStoreName, String summaryStoreName) {
        this.sessionStoreName = sessionStoreName;
        this.summaryStoreName = summaryStoreName;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        sessions = context.getStateStore(sessionStoreName);
        summaries = context.getStateStore(summaryStoreName);
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        Bytes key = Bytes.wrap(record.key());
        ItemKey itemKey = ItemKey.fromBytes(record.key());
        Bytes summaryKey = ItemKey.of(itemKey.partitionKey()).toStoreKey();
        byte[] previous = sessions.get(key);
        Summary summary = Summary.read(itemKey.partitionKey(), summaries.get(summaryKey));
        if (previous != null) {
            summary.add(read(previous), -1);
        }
        summary.add(read(record.value()), 1);
        summary.seen(record.timestamp());
        sessions.put(key, record.value());
        summaries.put(summaryKey, summary.toJson(timestamps));
    }

    private static JsonNode read(byte[] bytes) {
        try {
            return Json.EXACT_TREE_READER.readTree(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("A stored session could not be read", e);
        }
    }

    /** The summary item of one customer. */
    static final class Summary {
        private final String customer;
        private long sessionCount;
        private long totalQuantity;
        private long inCartQuantity;
        private long lastSeen = Long.MIN_VALUE;
        private final Map<String, Long> countries = new TreeMap<>();

        private Summary(String customer) {
            this.customer = customer;
        }

        static Summary read(String customer, byte[] stored) {
            Summary summary = new Summary(customer);
            if (stored != null) {
                JsonNode node = CustomerActivityWriter.read(stored);
                summary.sessionCount = node.get("sessions").longValue();
                summary.totalQuantity = node.get("total_quantity").longValue();
                summary.inCartQuantity = node.get("in_cart_quantity").longValue();
                summary.lastSeen = Instant.parse(node.get("last_seen").textValue()).toEpochMilli();
                Iterator<Map.Entry<String, JsonNode>> it = node.get("countries_seen").fields();
                while (it.hasNext()) {
                    Map.Entry<String, JsonNode> e = it.next();
                    summary.countries.put(e.getKey(), e.getValue().longValue());
                }
            }
            return summary;
        }

        void add(JsonNode session, int sign) {
            sessionCount += sign;
            totalQuantity += sign * session.path(UserActivityEnricher.OVERALL_PRODUCT_QUANTITY).longValue();
            inCartQuantity += sign * session.path(UserActivityEnricher.OVERALL_IN_SHOPPING_CART).longValue();
            String country = session.path(UserActivityEnricher.COUNTRY).textValue();
            long count = countries.getOrDefault(country, 0L) + sign;
            if (count <= 0) {
                countries.remove(country);
            } else {
                countries.put(country, count);
            }
        }

        void seen(long timestamp) {
            lastSeen = Math.max(lastSeen, timestamp);
        }

        byte[] toJson(IsoTimestamps timestamps) {
            ObjectNode node = Json.NODES.objectNode();
            node.put(CustomerSessionKeyer.CUSTOMER_NUMBER, customer);
            node.put("sessions", sessionCount);
            node.put("total_quantity", totalQuantity);
            node.put("in_cart_quantity", inCartQuantity);
            node.put("last_seen", timestamps.format(lastSeen));
            ObjectNode seen = node.putObject("countries_seen");
            countries.forEach(seen::put);
            try {
                return Json.MAPPER.writeValueAsBytes(node);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
