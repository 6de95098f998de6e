package io.kkbridge.streams.store;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.apache.kafka.common.utils.Bytes;

/**
 * The store key of an item: {@code [4-byte big-endian length of the partition key][partition key UTF-8][sort key
 * UTF-8]}. The length prefix makes every partition key's items one contiguous run of keys, and within it the
 * items sort by the unsigned bytes of the sort key's UTF-8, which is DynamoDB's order for string sort keys
 * (RocksDB and Kafka Streams' in-memory stores both compare keys as unsigned bytes). An item of a table without a
 * sort key has an empty sort key. UTF-8 never contains the byte 0xFF, so {@code prefix + sortKey + 0xFF} is above
 * every key that begins with {@code sortKey}.
 */
public record ItemKey(String partitionKey, String sortKey) {

    static final byte ABOVE_ANY_UTF8 = (byte) 0xFF;
    private static final int LENGTH_BYTES = Integer.BYTES;

    public ItemKey {
        if (partitionKey == null || partitionKey.isEmpty()) {
            throw new IllegalArgumentException("the partition key must not be empty");
        }
        if (sortKey == null) {
            sortKey = "";
        }
    }

    /** The key of an item of a table without a sort key. */
    public static ItemKey of(String partitionKey) {
        return new ItemKey(partitionKey, "");
    }

    public byte[] toBytes() {
        byte[] pk = partitionKey.getBytes(StandardCharsets.UTF_8);
        byte[] sk = sortKey.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(LENGTH_BYTES + pk.length + sk.length).putInt(pk.length).put(pk).put(sk).array();
    }

    public Bytes toStoreKey() {
        return Bytes.wrap(toBytes());
    }

    public static ItemKey fromBytes(byte[] key) {
        if (key == null || key.length < LENGTH_BYTES) {
            throw new IllegalArgumentException("not an item key: too short");
        }
        int pkLength = ByteBuffer.wrap(key).getInt();
        if (pkLength <= 0 || LENGTH_BYTES + pkLength > key.length) {
            throw new IllegalArgumentException("not an item key: partition key length " + pkLength);
        }
        String pk = new String(key, LENGTH_BYTES, pkLength, StandardCharsets.UTF_8);
        String sk = new String(key, LENGTH_BYTES + pkLength, key.length - LENGTH_BYTES - pkLength,
                StandardCharsets.UTF_8);
        return new ItemKey(pk, sk);
    }

    /** The UTF-8 bytes of the partition key inside an encoded key; what items are partitioned by. */
    public static byte[] partitionKeyBytes(byte[] key) {
        int pkLength = ByteBuffer.wrap(key).getInt();
        return Arrays.copyOfRange(key, LENGTH_BYTES, LENGTH_BYTES + pkLength);
    }

    /** The encoded partition key with {@code suffix} appended as the beginning of a sort key. */
    static byte[] prefix(String partitionKey, byte[] suffix) {
        byte[] pk = partitionKey.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(LENGTH_BYTES + pk.length + suffix.length).putInt(pk.length).put(pk).put(suffix)
                .array();
    }
}
