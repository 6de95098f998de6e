package io.kkbridge.sandbox.tools;

import java.nio.charset.StandardCharsets;

/** The PutRecords limits of Kinesis Data Streams, checked before anything is sent. */
public final class KinesisLimits {

    public static final int MAX_RECORDS_PER_REQUEST = 500;
    /** Data plus partition keys of one request. */
    public static final int MAX_BYTES_PER_REQUEST = 5 * 1024 * 1024;
    /** Data plus partition key of one record. */
    public static final int MAX_BYTES_PER_RECORD = 1024 * 1024;
    public static final int MAX_PARTITION_KEY_CHARS = 256;

    private KinesisLimits() {
    }

    /** Bytes a record counts against the limits: its data and its partition key (UTF-8). */
    public static int recordSize(String partitionKey, byte[] data) {
        return data.length + partitionKey.getBytes(StandardCharsets.UTF_8).length;
    }

    /** Why this partition key cannot be used, or null when it can (1 to 256 Unicode characters). */
    public static String partitionKeyProblem(String partitionKey) {
        if (partitionKey == null || partitionKey.isEmpty()) {
            return "the partition key is empty (Kinesis needs 1 to " + MAX_PARTITION_KEY_CHARS + " characters)";
        }
        int chars = partitionKey.codePointCount(0, partitionKey.length());
        if (chars > MAX_PARTITION_KEY_CHARS) {
            return "the partition key has " + chars + " characters (Kinesis allows at most " + MAX_PARTITION_KEY_CHARS
                    + ")";
        }
        return null;
    }

    /** Why this record cannot be put, or null when it can: the key's limits and at most 1 MiB of data plus key. */
    public static String recordProblem(String partitionKey, byte[] data) {
        String keyProblem = partitionKeyProblem(partitionKey);
        if (keyProblem != null) {
            return keyProblem;
        }
        int size = recordSize(partitionKey, data);
        if (size > MAX_BYTES_PER_RECORD) {
            return String.format("the record is %,d bytes (data plus partition key); Kinesis allows at most %,d",
                    size, MAX_BYTES_PER_RECORD);
        }
        return null;
    }
}
