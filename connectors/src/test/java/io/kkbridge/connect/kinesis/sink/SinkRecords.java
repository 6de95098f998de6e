package io.kkbridge.connect.kinesis.sink;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.sink.SinkRecord;

/** Builds sink records as a worker with ByteArrayConverter would deliver them. */
public final class SinkRecords {

    private SinkRecords() {
    }

    public static SinkRecord record(String topic, int partition, long offset, Object key, Object value) {
        return new SinkRecord(topic, partition, null, key, null, value, offset);
    }

    public static SinkRecord withHeaders(String topic, int partition, long offset, Object key, Object value,
                                         ConnectHeaders headers) {
        return new SinkRecord(topic, partition, null, key, null, value, offset, null, null, headers);
    }

    public static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** {@code size} bytes of 'x'. */
    public static byte[] bytes(int size) {
        byte[] data = new byte[size];
        Arrays.fill(data, (byte) 'x');
        return data;
    }
}
