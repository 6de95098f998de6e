package io.kkbridge.streams.query;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.TaskMetadata;
import org.apache.kafka.streams.ThreadMetadata;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import io.kkbridge.streams.serde.Json;
import io.kkbridge.streams.store.ItemKey;
import io.kkbridge.streams.store.ItemPage;
import io.kkbridge.streams.store.ItemQuery;
import io.kkbridge.streams.store.ItemStores;
import io.kkbridge.streams.store.ItemTable;

/**
 * Answers item reads and partition queries from this instance's stores, finding the instance that owns a key from
 * the Kafka Streams metadata and forwarding to it when that is another one. A query of a table placed by whole
 * item key asks every instance for its part and merges them in sort-key order.
 */
public final class ItemQueryService {

    private final KafkaStreams streams;
    private final HostInfo self;
    private final Forwarder forwarder;
    private final Map<String, Integer> subtopologyOfStore;

    public ItemQueryService(KafkaStreams streams, Topology topology, HostInfo self, Forwarder forwarder) {
        this.streams = streams;
        this.self = self;
        this.forwarder = forwarder;
        this.subtopologyOfStore = subtopologies(topology.describe());
    }

    private static Map<String, Integer> subtopologies(TopologyDescription description) {
        Map<String, Integer> map = new HashMap<>();
        for (TopologyDescription.Subtopology subtopology : description.subtopologies()) {
            for (TopologyDescription.Node node : subtopology.nodes()) {
                if (node instanceof TopologyDescription.Processor processor) {
                    processor.stores().forEach(store -> map.put(store, subtopology.id()));
                }
            }
        }
        return map;
    }

    /** Fails with 503 unless the instance is running (not starting, restoring, rebalancing or stopping). */
    void requireRunning() throws ApiException {
        KafkaStreams.State state = streams.state();
        if (state != KafkaStreams.State.RUNNING) {
            throw ApiException.unavailable("the application is " + state + ", not RUNNING: its stores cannot be "
                    + "read now (restoring or rebalancing); try again shortly");
        }
    }

    public ApiResponse get(ItemTable table, ItemKey key, String pathAndQuery, boolean forwarded) throws ApiException {
        requireRunning();
        KeyQueryMetadata owner = owner(table, key);
        if (!owner.activeHost().equals(self)) {
            return forwardTo(owner.activeHost(), pathAndQuery, false, forwarded);
        }
        byte[] item = read(table, () -> ItemStores.get(localStore(table, owner.partition()), key));
        if (item == null) {
            throw ApiException.notFound("no item with " + table.partitionKeyName() + " '" + key.partitionKey() + "'"
                    + (table.hasSortKey() ? " and " + table.sortKeyName() + " '" + key.sortKey() + "'" : "")
                    + " in table " + table.name());
        }
        return ApiResponse.ok(item);
    }

    public ApiResponse query(ItemTable table, ItemQuery query, String pathAndQuery, boolean forwarded,
                             boolean localScope) throws ApiException {
        requireRunning();
        if (table.placement() == ItemTable.Placement.BY_PARTITION_KEY) {
            KeyQueryMetadata owner = owner(table, ItemKey.of(query.partitionKey()));
            if (!owner.activeHost().equals(self)) {
                return forwardTo(owner.activeHost(), pathAndQuery, false, forwarded);
            }
            ItemPage page = read(table, () -> ItemStores.query(localStore(table, owner.partition()), query));
            return ApiResponse.ok(pageJson(table, query, page, false));
        }
        ItemPage local = localPage(table, query);
        if (localScope) {
            return ApiResponse.ok(pageJson(table, query, local, true));
        }
        List<ItemPage> pages = new ArrayList<>();
        pages.add(local);
        for (StreamsMetadata instance : streams.streamsMetadataForStore(table.storeName())) {
            if (!instance.hostInfo().equals(self)) {
                pages.add(remotePage(table, instance.hostInfo(), pathAndQuery));
            }
        }
        return ApiResponse.ok(pageJson(table, query, merge(pages, query), false));
    }

    private KeyQueryMetadata owner(ItemTable table, ItemKey key) throws ApiException {
        KeyQueryMetadata metadata = table.placement() == ItemTable.Placement.BY_PARTITION_KEY
                ? streams.queryMetadataForKey(table.storeName(), key.toBytes(), ItemTable.partitionKeyPartitioner())
                : streams.queryMetadataForKey(table.storeName(), key.toBytes(), new ByteArraySerializer());
        if (metadata == null || metadata.equals(KeyQueryMetadata.NOT_AVAILABLE)
                || metadata.activeHost().equals(HostInfo.unavailable())) {
            throw ApiException.unavailable("no instance owns this key of table " + table.name()
                    + " right now (rebalancing); try again shortly");
        }
        return metadata;
    }

    private ApiResponse forwardTo(HostInfo owner, String pathAndQuery, boolean localScope, boolean forwarded)
            throws ApiException {
        if (forwarded) {
            // the instance that sent it here had older metadata: the ownership is moving
            throw ApiException.unavailable("this instance no longer owns the data asked for (rebalancing); "
                    + "try again shortly");
        }
        return forwarder.forward(owner, pathAndQuery, localScope);
    }

    private ReadOnlyKeyValueStore<Bytes, byte[]> localStore(ItemTable table, int partition) {
        return streams.store(StoreQueryParameters.fromNameAndType(table.storeName(),
                QueryableStoreTypes.<Bytes, byte[]>keyValueStore()).withPartition(partition));
    }

    private interface StoreRead<T> {
        T read();
    }

    private static <T> T read(ItemTable table, StoreRead<T> read) throws ApiException {
        try {
            return read.read();
        } catch (InvalidStateStoreException e) {
            throw ApiException.unavailable("table " + table.name() + " cannot be read here right now (restoring "
                    + "or moving to another instance): " + e.getMessage());
        }
    }

    /** This instance's part of a query spanning all partitions: one page per local partition, merged. */
    private ItemPage localPage(ItemTable table, ItemQuery query) throws ApiException {
        Integer subtopology = subtopologyOfStore.get(table.storeName());
        TreeSet<Integer> partitions = new TreeSet<>();
        for (ThreadMetadata thread : streams.metadataForLocalThreads()) {
            for (TaskMetadata task : thread.activeTasks()) {
                if (subtopology != null && task.taskId().subtopology() == subtopology) {
                    partitions.add(task.taskId().partition());
                }
            }
        }
        List<ItemPage> pages = new ArrayList<>();
        for (int partition : partitions) {
            pages.add(read(table, () -> ItemStores.query(localStore(table, partition), query)));
        }
        return merge(pages, query);
    }

    private ItemPage remotePage(ItemTable table, HostInfo host, String pathAndQuery) throws ApiException {
        ApiResponse response = forwarder.forward(host, pathAndQuery, true);
        if (response.status() != 200) {
            throw ApiException.unavailable("the instance at " + host.host() + ":" + host.port() + " could not "
                    + "answer its part of the query of table " + table.name() + " (status " + response.status()
                    + ")");
        }
        try {
            return readLocalScopePage(response.body());
        } catch (IOException | RuntimeException e) {
            throw ApiException.unavailable("the instance at " + host.host() + ":" + host.port()
                    + " gave an unreadable answer: " + e.getMessage());
        }
    }

    /**
     * Reads another instance's answer for its own partitions ({@link #pageJson} with the local scope). Each item's
     * document is taken as the bytes it was sent as, never re-serialised: stored items may repeat fields or carry
     * numbers like {@code -0} and {@code 1e400} that a tree would not give back unchanged.
     */
    static ItemPage readLocalScopePage(byte[] body) throws IOException {
        String partitionKey = null;
        List<byte[]> documents = new ArrayList<>();
        List<String> sortKeys = new ArrayList<>();
        boolean more = false;
        try (JsonParser in = Json.FACTORY.createParser(body)) {
            if (in.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("not a JSON object");
            }
            while (in.nextToken() == JsonToken.FIELD_NAME) {
                String name = in.currentName();
                JsonToken token = in.nextToken();
                switch (name) {
                    case "partition_key" -> partitionKey = in.getText();
                    case "items" -> {
                        while ((token = in.nextToken()) != JsonToken.END_ARRAY) {
                            if (token != JsonToken.START_OBJECT) {
                                throw new IOException("an item is not a JSON object");
                            }
                            int start = (int) in.currentTokenLocation().getByteOffset();
                            in.skipChildren();
                            int end = (int) in.currentLocation().getByteOffset();
                            documents.add(Arrays.copyOfRange(body, start, end));
                        }
                    }
                    case "sort_keys" -> {
                        while (in.nextToken() != JsonToken.END_ARRAY) {
                            sortKeys.add(in.getText());
                        }
                    }
                    case "more" -> more = token == JsonToken.VALUE_TRUE;
                    default -> in.skipChildren();
                }
            }
        }
        if (partitionKey == null || documents.size() != sortKeys.size()) {
            throw new IOException("partition_key missing, or " + documents.size() + " items for " + sortKeys.size()
                    + " sort keys");
        }
        List<ItemPage.Item> items = new ArrayList<>();
        for (int i = 0; i < documents.size(); i++) {
            items.add(new ItemPage.Item(new ItemKey(partitionKey, sortKeys.get(i)), documents.get(i)));
        }
        return new ItemPage(items, more && !items.isEmpty() ? items.get(items.size() - 1).key().sortKey() : null);
    }

    /** The first {@code limit} items of several sorted pages, in the query's order. */
    static ItemPage merge(List<ItemPage> pages, ItemQuery query) {
        Comparator<ItemPage.Item> order = (a, b) -> Arrays.compareUnsigned(utf8(a.key().sortKey()),
                utf8(b.key().sortKey()));
        if (!query.ascending()) {
            order = order.reversed();
        }
        List<ItemPage.Item> all = new ArrayList<>();
        boolean more = false;
        for (ItemPage page : pages) {
            all.addAll(page.items());
            more |= page.hasMore();
        }
        all.sort(order);
        if (all.size() > query.limit()) {
            all = new ArrayList<>(all.subList(0, query.limit()));
            more = true;
        }
        return new ItemPage(all, more && !all.isEmpty() ? all.get(all.size() - 1).key().sortKey() : null);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    private static byte[] pageJson(ItemTable table, ItemQuery query, ItemPage page, boolean localScope) {
        return ApiResponse.json(out -> {
            out.writeStartObject();
            out.writeStringField("table", table.name());
            out.writeStringField("partition_key", query.partitionKey());
            out.writeNumberField("count", page.items().size());
            out.writeArrayFieldStart("items");
            for (ItemPage.Item item : page.items()) {
                out.writeRawValue(new String(item.document(), java.nio.charset.StandardCharsets.UTF_8));
            }
            out.writeEndArray();
            if (localScope) {
                out.writeArrayFieldStart("sort_keys");
                for (ItemPage.Item item : page.items()) {
                    out.writeString(item.key().sortKey());
                }
                out.writeEndArray();
                out.writeBooleanField("more", page.hasMore());
            } else {
                out.writeStringField("next", page.hasMore()
                        ? ContinuationToken.encode(query.partitionKey(), page.lastSortKey()) : null);
            }
            out.writeEndObject();
        });
    }
}
