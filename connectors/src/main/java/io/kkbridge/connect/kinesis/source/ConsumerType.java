package io.kkbridge.connect.kinesis.source;

/** How a task reads its shards: GetRecords calls it makes itself, or SubscribeToShard pushes (enhanced fan-out). */
public enum ConsumerType {
    POLLING,
    EFO
}
