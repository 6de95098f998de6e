package io.kkbridge.connect.kinesis.source;

import io.kkbridge.connect.kinesis.aggregation.RecordAggregator;
import io.kkbridge.connect.kinesis.aggregation.UserRecord;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/** KPL aggregates for tests: valid ones from the production aggregator, and corrupt ones. */
final class Aggregates {

    private static final byte[] KPL_MAGIC = {(byte) 0xF3, (byte) 0x89, (byte) 0x9A, (byte) 0xC2};

    private Aggregates() {
    }

    /** One aggregate of user records "{prefix}0".."{prefix}{n-1}" with partition keys "pk0".."pk{n-1}". */
    static byte[] of(String prefix, int count) {
        List<UserRecord> userRecords = java.util.stream.IntStream.range(0, count)
                .mapToObj(i -> UserRecord.of("pk" + i, (prefix + i).getBytes(StandardCharsets.UTF_8))).toList();
        return new RecordAggregator().aggregate(userRecords).get(0).data();
    }

    /** The KPL magic, a body, and a digest that does not match it. */
    static byte[] withWrongDigest() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(KPL_MAGIC);
        out.writeBytes("not protobuf".getBytes(StandardCharsets.UTF_8));
        byte[] digest = new byte[16];
        Arrays.fill(digest, (byte) 7);
        out.writeBytes(digest);
        return out.toByteArray();
    }
}
