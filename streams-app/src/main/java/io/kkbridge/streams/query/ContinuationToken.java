package io.kkbridge.streams.query;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The {@code next} parameter of a paged query: the partition key and the sort key of the last item returned
 * (DynamoDB's {@code LastEvaluatedKey}), URL-safe base64. It only works for the partition it came from.
 */
final class ContinuationToken {

    static final String PARAMETER = "next";
    private static final byte VERSION = 1;

    private ContinuationToken() {
    }

    static String encode(String partitionKey, String sortKey) {
        byte[] pk = partitionKey.getBytes(StandardCharsets.UTF_8);
        byte[] sk = sortKey.getBytes(StandardCharsets.UTF_8);
        ByteBuffer buffer = ByteBuffer.allocate(1 + Integer.BYTES + pk.length + sk.length);
        buffer.put(VERSION).putInt(pk.length).put(pk).put(sk);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(buffer.array());
    }

    /** The sort key to continue after. */
    static String decode(String token, String partitionKey) throws ApiException {
        ByteBuffer buffer;
        String pk;
        String sk;
        try {
            buffer = ByteBuffer.wrap(Base64.getUrlDecoder().decode(token));
            if (buffer.get() != VERSION) {
                throw new IllegalArgumentException("version");
            }
            int pkLength = buffer.getInt();
            if (pkLength < 0 || pkLength > buffer.remaining()) {
                throw new IllegalArgumentException("length");
            }
            byte[] pkBytes = new byte[pkLength];
            buffer.get(pkBytes);
            byte[] skBytes = new byte[buffer.remaining()];
            buffer.get(skBytes);
            pk = new String(pkBytes, StandardCharsets.UTF_8);
            sk = new String(skBytes, StandardCharsets.UTF_8);
        } catch (RuntimeException e) {
            throw ApiException.badParameter(PARAMETER, "parameter '" + PARAMETER
                    + "' is not a continuation token given by this API");
        }
        if (!pk.equals(partitionKey)) {
            throw ApiException.badParameter(PARAMETER, "parameter '" + PARAMETER
                    + "' continues a query of another partition key");
        }
        return sk;
    }
}
