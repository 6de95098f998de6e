package io.kkbridge.streams.pipeline.useractivity;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;

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
            summary.add(SessionFigures.of(previous), -1);
        }
        summary.add(SessionFigures.of(record.value()), 1);
        summary.seen(record.timestamp());
        sessions.put(key, record.value());
        summaries.put(summaryKey, summary.toJson(timestamps));
    }

    /**
     * What a summary takes from an enriched session: its top-level country and two sums, read in one streaming pass
     * that skips everything else ({@code browse_history} included) without building a tree. Repeated fields the
     * enricher copied through are fine here; the fields read were validated and written once by the enricher.
     */
    record SessionFigures(String country, long totalQuantity, long inCartQuantity) {

        static SessionFigures of(byte[] session) {
            String country = null;
            long total = 0;
            long inCart = 0;
            try (JsonParser in = Json.FACTORY.createParser(session)) {
                in.nextToken();
                while (in.nextToken() == JsonToken.FIELD_NAME) {
                    String name = in.currentName();
                    JsonToken token = in.nextToken();
                    switch (name) {
                        case UserActivityEnricher.COUNTRY -> country = token == JsonToken.VALUE_STRING
                                ? in.getText() : null;
                        case UserActivityEnricher.OVERALL_PRODUCT_QUANTITY -> total = longValue(in, token);
                        case UserActivityEnricher.OVERALL_IN_SHOPPING_CART -> inCart = longValue(in, token);
                        default -> in.skipChildren();
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("A stored session could not be read", e);
            }
            if (country == null) {
                throw new IllegalStateException("An enriched session has no country: " + new String(session,
                        StandardCharsets.UTF_8));
            }
            return new SessionFigures(country, total, inCart);
        }

        private static long longValue(JsonParser in, JsonToken token) throws IOException {
            return token == JsonToken.VALUE_NUMBER_INT ? in.getLongValue() : 0;
        }
    }

    /** The summary item of one customer. */
    static final class Summary {
        private static final String SESSIONS = "sessions";
        private static final String TOTAL_QUANTITY = "total_quantity";
        private static final String IN_CART_QUANTITY = "in_cart_quantity";
        private static final String LAST_SEEN = "last_seen";
        private static final String COUNTRIES_SEEN = "countries_seen";

        private final String customer;
        private long sessionCount;
        private long totalQuantity;
        private long inCartQuantity;
        private long lastSeen = Long.MIN_VALUE;
        private final Map<String, Long> countries = new TreeMap<>();

        private Summary(String customer) {
            this.customer = customer;
        }

        /** Reads a summary this class wrote, or starts an empty one. */
        static Summary read(String customer, byte[] stored) {
            Summary summary = new Summary(customer);
            if (stored == null) {
                return summary;
            }
            try (JsonParser in = Json.FACTORY.createParser(stored)) {
                in.nextToken();
                while (in.nextToken() == JsonToken.FIELD_NAME) {
                    String name = in.currentName();
                    in.nextToken();
                    switch (name) {
                        case SESSIONS -> summary.sessionCount = in.getLongValue();
                        case TOTAL_QUANTITY -> summary.totalQuantity = in.getLongValue();
                        case IN_CART_QUANTITY -> summary.inCartQuantity = in.getLongValue();
                        case LAST_SEEN -> summary.lastSeen = Instant.parse(in.getText()).toEpochMilli();
                        case COUNTRIES_SEEN -> {
                            while (in.nextToken() == JsonToken.FIELD_NAME) {
                                String country = in.currentName();
                                in.nextToken();
                                summary.countries.put(country, in.getLongValue());
                            }
                        }
                        default -> in.skipChildren();
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("A stored customer summary could not be read", e);
            }
            return summary;
        }

        void add(SessionFigures session, int sign) {
            sessionCount += sign;
            totalQuantity += sign * session.totalQuantity();
            inCartQuantity += sign * session.inCartQuantity();
            long count = countries.getOrDefault(session.country(), 0L) + sign;
            if (count <= 0) {
                countries.remove(session.country());
            } else {
                countries.put(session.country(), count);
            }
        }

        void seen(long timestamp) {
            lastSeen = Math.max(lastSeen, timestamp);
        }

        byte[] toJson(IsoTimestamps timestamps) {
            ByteArrayBuilder bytes = new ByteArrayBuilder(128);
            try (JsonGenerator out = Json.FACTORY.createGenerator(bytes)) {
                out.writeStartObject();
                out.writeStringField(CustomerSessionKeyer.CUSTOMER_NUMBER, customer);
                out.writeNumberField(SESSIONS, sessionCount);
                out.writeNumberField(TOTAL_QUANTITY, totalQuantity);
                out.writeNumberField(IN_CART_QUANTITY, inCartQuantity);
                out.writeStringField(LAST_SEEN, timestamps.format(lastSeen));
                out.writeObjectFieldStart(COUNTRIES_SEEN);
                for (Map.Entry<String, Long> country : countries.entrySet()) {
                    out.writeNumberField(country.getKey(), country.getValue());
                }
                out.writeEndObject();
                out.writeEndObject();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return bytes.toByteArray();
        }
    }
}
