package io.kkbridge.streams.store;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * Items addressed by a partition key and an optional sort key in a Kafka Streams key-value store, with DynamoDB's
 * read patterns: get one item, and query a partition with a sort-key condition, in either order, a page at a time.
 * Keys are {@link ItemKey}s, values JSON documents.
 */
public final class ItemStores {

    private ItemStores() {
    }

    /**
     * A persistent (RocksDB) store with a changelog topic and a record cache: for items updated again and again (a
     * summary per customer, a projection), whose repeated writes the cache folds into one.
     */
    public static StoreBuilder<KeyValueStore<Bytes, byte[]>> persistent(String name) {
        return persistentUncached(name).withCachingEnabled();
    }

    /**
     * A persistent (RocksDB) store with a changelog topic and no record cache: for items mostly written once (a
     * session, a purchase). A cache would fold nothing there and only cost a sorted-map lookup and flush per write:
     * with a cache, the per-customer session store ran the user-activity pipeline at a fifth of its rate.
     */
    public static StoreBuilder<KeyValueStore<Bytes, byte[]>> persistentUncached(String name) {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.Bytes(), Serdes.ByteArray())
                .withCachingDisabled()
                .withLoggingEnabled(java.util.Map.of());
    }

    public static byte[] get(ReadOnlyKeyValueStore<Bytes, byte[]> store, ItemKey key) {
        return store.get(key.toStoreKey());
    }

    /** One page of the query's result from one store. */
    public static ItemPage query(ReadOnlyKeyValueStore<Bytes, byte[]> store, ItemQuery query) {
        Range range = Range.of(query);
        List<ItemPage.Item> items = new ArrayList<>();
        if (range.isEmpty()) {
            return new ItemPage(items, null);
        }
        try (KeyValueIterator<Bytes, byte[]> it = query.ascending()
                ? store.range(Bytes.wrap(range.lower), Bytes.wrap(range.upper))
                : store.reverseRange(Bytes.wrap(range.lower), Bytes.wrap(range.upper))) {
            while (it.hasNext()) {
                KeyValue<Bytes, byte[]> entry = it.next();
                if (range.excludes(entry.key.get())) {
                    continue;
                }
                if (items.size() == query.limit()) {
                    return new ItemPage(items, items.get(items.size() - 1).key().sortKey());
                }
                items.add(new ItemPage.Item(ItemKey.fromBytes(entry.key.get()), entry.value));
            }
        }
        return new ItemPage(items, null);
    }

    /** The store keys a query covers: [lower, upper], either end possibly exclusive. */
    static final class Range {
        final byte[] lower;
        final boolean lowerExclusive;
        final byte[] upper;
        final boolean upperExclusive;

        private Range(byte[] lower, boolean lowerExclusive, byte[] upper, boolean upperExclusive) {
            this.lower = lower;
            this.lowerExclusive = lowerExclusive;
            this.upper = upper;
            this.upperExclusive = upperExclusive;
        }

        static Range of(ItemQuery query) {
            SortKeyCondition c = query.condition();
            byte[] lower = c.lower();
            boolean lowerExclusive = c.lowerExclusive();
            byte[] upper = c.upper();
            boolean upperExclusive = c.upperExclusive();
            if (query.exclusiveStart() != null) {
                byte[] start = SortKeyCondition.utf8(query.exclusiveStart());
                if (query.ascending() && Arrays.compareUnsigned(start, lower) >= 0) {
                    lower = start;
                    lowerExclusive = true;
                } else if (!query.ascending() && Arrays.compareUnsigned(start, upper) <= 0) {
                    upper = start;
                    upperExclusive = true;
                }
            }
            String pk = query.partitionKey();
            return new Range(ItemKey.prefix(pk, lower), lowerExclusive, ItemKey.prefix(pk, upper), upperExclusive);
        }

        boolean isEmpty() {
            int order = Arrays.compareUnsigned(lower, upper);
            return order > 0 || (order == 0 && (lowerExclusive || upperExclusive));
        }

        boolean excludes(byte[] key) {
            return (lowerExclusive && Arrays.equals(key, lower)) || (upperExclusive && Arrays.equals(key, upper));
        }
    }
}
