package io.kkbridge.connect.kinesis.sink;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The bytes a sink puts for a record value. The sinks forward bytes as they are, so the value must come from a
 * converter that gives bytes or text; a structured value (Struct, Map) has no single right encoding here.
 */
public final class RecordValueBytes {

    private RecordValueBytes() {
    }

    /** @throws UnsendableRecordException for a value type without bytes */
    public static byte[] of(Object value, String destination) throws UnsendableRecordException {
        if (value instanceof byte[] bytes) {
            return bytes;
        }
        if (value instanceof ByteBuffer buffer) {
            byte[] bytes = new byte[buffer.remaining()];
            buffer.duplicate().get(bytes);
            return bytes;
        }
        if (value instanceof String text) {
            return text.getBytes(StandardCharsets.UTF_8);
        }
        throw new UnsendableRecordException(destination, "the value is a " + value.getClass().getSimpleName()
                + ", but this connector sends bytes: use value.converter="
                + "org.apache.kafka.connect.converters.ByteArrayConverter (or StringConverter for text)");
    }
}
