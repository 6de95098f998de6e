package io.kkbridge.streams.store;

import java.util.Optional;
import java.util.Set;

import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.processor.StreamPartitioner;

/**
 * A table the query API serves: its name in URLs, the store that holds it, the names of its key attributes, and how
 * its items are spread over the store's partitions.
 *
 * @param name the table's name in the query API
 * @param storeName the Kafka Streams store holding the items
 * @param partitionKeyName the attribute that is the partition key (for the docs and error messages)
 * @param sortKeyName the sort key attribute, or null for a table without one
 * @param placement how items are assigned to Kafka partitions
 */
public record ItemTable(String name, String storeName, String partitionKeyName, String sortKeyName,
                        Placement placement) {

    public enum Placement {
        /**
         * By the partition key alone ({@link #partitionKeyPartitioner()}): a partition key's items are all in one
         * store partition, so a query is answered by the one instance that owns it.
         */
        BY_PARTITION_KEY,
        /**
         * By the whole key (Kafka's default partitioner over the {@link ItemKey} bytes): a partition key's items are
         * spread over all store partitions, so a query asks every instance and merges the answers.
         */
        BY_ITEM_KEY
    }

    /**
     * Partitions {@link ItemKey}-encoded keys by the partition key's UTF-8 bytes, the way Kafka's default
     * partitioner would partition that string as a key: a partition key's items all land in one partition.
     */
    public static <V> StreamPartitioner<byte[], V> partitionKeyPartitioner() {
        return (topic, key, value, numPartitions) ->
                Optional.of(Set.of(Utils.toPositive(Utils.murmur2(ItemKey.partitionKeyBytes(key))) % numPartitions));
    }

    public boolean hasSortKey() {
        return sortKeyName != null;
    }
}
