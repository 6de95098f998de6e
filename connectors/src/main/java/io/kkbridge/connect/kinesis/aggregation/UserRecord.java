package io.kkbridge.connect.kinesis.aggregation;

import java.util.Arrays;
import java.util.Objects;

/**
 * One record as its producer wrote it, before aggregation or after deaggregation.
 *
 * @param explicitHashKey null when the producer gave none (Kinesis then hashes the partition key)
 * @param data            not copied: callers must not modify the array after handing it over
 */
public record UserRecord(String partitionKey, String explicitHashKey, byte[] data) {

    public UserRecord {
        Objects.requireNonNull(partitionKey, "partitionKey");
        Objects.requireNonNull(data, "data");
    }

    public static UserRecord of(String partitionKey, byte[] data) {
        return new UserRecord(partitionKey, null, data);
    }

    // A record's generated equals would compare the array by identity.
    @Override
    public boolean equals(Object other) {
        return other instanceof UserRecord that
                && partitionKey.equals(that.partitionKey)
                && Objects.equals(explicitHashKey, that.explicitHashKey)
                && Arrays.equals(data, that.data);
    }

    @Override
    public int hashCode() {
        return Objects.hash(partitionKey, explicitHashKey, Arrays.hashCode(data));
    }

    // Payloads can be large or sensitive: show their size only.
    @Override
    public String toString() {
        return "UserRecord{partitionKey=" + partitionKey + ", explicitHashKey=" + explicitHashKey
                + ", data=" + data.length + " bytes}";
    }
}
