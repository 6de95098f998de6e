package io.kkbridge.connect.kinesis.sink;

/** Where the Kinesis sink takes each record's partition key from. */
public enum PartitionKeySource {
    /** The Kafka record key: same key, same shard, in order. */
    RECORD_KEY,
    /** A field of the JSON value, by a dotted path. */
    FIELD,
    /** A header's value. */
    HEADER,
    /** The record's Kafka partition number: a Kafka partition's order is kept on one shard. */
    KAFKA_PARTITION
}
