package io.kkbridge.connect.kinesis.sink;

import java.util.List;

/**
 * One entry of a put request: a Kinesis record (plain, or a KPL aggregate of several Kafka records with the same
 * partition key) or a Firehose record. The entry succeeds or fails as a whole, for all its records.
 *
 * @param partitionKey null for Firehose
 * @param records      the Kafka records inside, in order
 */
public record BatchEntry(String partitionKey, byte[] data, List<PendingRecord> records) {

    public BatchEntry {
        records = List.copyOf(records);
    }

    @Override
    public String toString() {
        return "BatchEntry{partitionKey=" + partitionKey + ", data=" + data.length + " bytes, records="
                + records.size() + "}";
    }
}
