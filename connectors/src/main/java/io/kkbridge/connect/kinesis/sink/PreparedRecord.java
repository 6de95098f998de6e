package io.kkbridge.connect.kinesis.sink;

import java.util.Arrays;
import java.util.Objects;

/**
 * A sink record turned into what one put entry needs.
 *
 * @param destination stream or delivery stream name
 * @param orderingKey records with the same key are delivered in order, one entry per key per request and one
 *                    request per key at a time; null for no ordering constraint (Firehose)
 * @param data        the bytes to put; not copied, never modified
 * @param sizeBytes   what the record counts against the service's request and record limits
 */
public record PreparedRecord(String destination, String orderingKey, byte[] data, int sizeBytes) {

    public PreparedRecord {
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(data, "data");
    }

    // The generated toString would print the array's identity, the generated equals compare it.
    @Override
    public String toString() {
        return "PreparedRecord{destination=" + destination + ", orderingKey=" + orderingKey + ", data="
                + data.length + " bytes, sizeBytes=" + sizeBytes + "}";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PreparedRecord that && destination.equals(that.destination)
                && Objects.equals(orderingKey, that.orderingKey) && Arrays.equals(data, that.data)
                && sizeBytes == that.sizeBytes;
    }

    @Override
    public int hashCode() {
        return Objects.hash(destination, orderingKey, Arrays.hashCode(data), sizeBytes);
    }
}
