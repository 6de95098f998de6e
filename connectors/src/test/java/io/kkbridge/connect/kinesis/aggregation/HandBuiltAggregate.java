package io.kkbridge.connect.kinesis.aggregation;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * A KPL aggregate written byte by byte from the format spec, independent of the production encoder:
 * partition keys ["a", "bb"], explicit hash keys ["123"], records
 * {pk 0, data "x"}, {pk 1, ehk 0, data "yz"}, {pk 0, data ""}.
 */
final class HandBuiltAggregate {

    static final byte[] BODY = bytes(
            0x0A, 0x01, 'a',                       // field 1 (partition_key_table), length 1, "a"
            0x0A, 0x02, 'b', 'b',                  // field 1, length 2, "bb"
            0x12, 0x03, '1', '2', '3',             // field 2 (explicit_hash_key_table), length 3, "123"
            0x1A, 0x05,                            // field 3 (records), length 5
            /**/ 0x08, 0x00,                       //   partition_key_index 0
            /**/ 0x1A, 0x01, 'x',                  //   data "x"
            0x1A, 0x08,                            // field 3, length 8
            /**/ 0x08, 0x01,                       //   partition_key_index 1
            /**/ 0x10, 0x00,                       //   explicit_hash_key_index 0
            /**/ 0x1A, 0x02, 'y', 'z',             //   data "yz"
            0x1A, 0x04,                            // field 3, length 4
            /**/ 0x08, 0x00,                       //   partition_key_index 0
            /**/ 0x1A, 0x00);                      //   data ""

    static final List<UserRecord> USER_RECORDS = List.of(
            new UserRecord("a", null, utf8("x")),
            new UserRecord("bb", "123", utf8("yz")),
            new UserRecord("a", null, new byte[0]));

    private HandBuiltAggregate() {
    }

    static byte[] aggregate() {
        return wrap(BODY);
    }

    /** Magic, then {@code body}, then the MD5 of {@code body}: any body becomes a well-framed aggregate. */
    static byte[] wrap(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(bytes(0xF3, 0x89, 0x9A, 0xC2));
        out.writeBytes(body);
        out.writeBytes(md5(body));
        return out.toByteArray();
    }

    static byte[] bytes(int... values) {
        byte[] result = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            result[i] = (byte) values[i];
        }
        return result;
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] md5(byte[] body) {
        try {
            return MessageDigest.getInstance("MD5").digest(body);
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
