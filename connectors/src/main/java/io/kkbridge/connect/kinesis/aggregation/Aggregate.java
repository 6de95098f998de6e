package io.kkbridge.connect.kinesis.aggregation;

import java.util.List;

/**
 * One Kinesis record to put, carrying one or more user records.
 *
 * @param partitionKey    and {@code explicitHashKey}: those of the first user record, so the Kinesis record lands on
 *                        the shard the first user record maps to
 * @param explicitHashKey null when the first user record has none
 * @param data            the KPL aggregate, or the plain data when {@code userRecords} holds a single record
 * @param userRecords     the user records inside, in order, so a sink knows what one acknowledged put covers
 */
public record Aggregate(String partitionKey, String explicitHashKey, byte[] data, List<UserRecord> userRecords) {

    public Aggregate {
        userRecords = List.copyOf(userRecords);
    }

    public boolean isAggregated() {
        return userRecords.size() > 1;
    }

    @Override
    public String toString() {
        return "Aggregate{partitionKey=" + partitionKey + ", explicitHashKey=" + explicitHashKey
                + ", data=" + data.length + " bytes, userRecords=" + userRecords.size() + "}";
    }
}
