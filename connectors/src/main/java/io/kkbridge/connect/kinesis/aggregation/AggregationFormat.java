package io.kkbridge.connect.kinesis.aggregation;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The KPL aggregated-record layout: 4 magic bytes, a protobuf {@code AggregatedRecord} body, then the MD5 of that
 * body. The field numbers are those of the KPL's {@code messages.proto}.
 */
public final class AggregationFormat {

    static final byte[] MAGIC = {(byte) 0xF3, (byte) 0x89, (byte) 0x9A, (byte) 0xC2};
    static final int DIGEST_LENGTH = 16;
    static final int OVERHEAD_BYTES = MAGIC.length + DIGEST_LENGTH;

    // message AggregatedRecord
    static final int PARTITION_KEY_TABLE_FIELD = 1;
    static final int EXPLICIT_HASH_KEY_TABLE_FIELD = 2;
    static final int RECORDS_FIELD = 3;

    // message Record
    static final int PARTITION_KEY_INDEX_FIELD = 1;
    static final int EXPLICIT_HASH_KEY_INDEX_FIELD = 2;
    static final int DATA_FIELD = 3;
    static final int TAGS_FIELD = 4;

    private AggregationFormat() {
    }

    /** A protobuf field tag: field number and wire type (protobuf-java keeps its own helper package-private). */
    static int tag(int fieldNumber, int wireType) {
        return (fieldNumber << 3) | wireType;
    }

    /** True when the data starts with the KPL magic; whether the rest is a valid aggregate is a separate question. */
    public static boolean hasMagic(byte[] data) {
        if (data.length < MAGIC.length) {
            return false;
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (data[i] != MAGIC[i]) {
                return false;
            }
        }
        return true;
    }

    static byte[] md5(byte[] buffer, int offset, int length) {
        try {
            MessageDigest digest = MessageDigest.getInstance("MD5");
            digest.update(buffer, offset, length);
            return digest.digest();
        } catch (NoSuchAlgorithmException e) {
            // Every Java platform must ship MD5 (java.security.MessageDigest contract).
            throw new IllegalStateException("MD5 is not available on this JVM", e);
        }
    }
}
