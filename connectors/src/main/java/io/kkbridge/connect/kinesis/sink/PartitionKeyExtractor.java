package io.kkbridge.connect.kinesis.sink;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * Takes a record's Kinesis partition key from where {@link PartitionKeySource} says, and checks it against the
 * Kinesis rule: 1 to 256 Unicode characters (counted as code points, as AWS counts string lengths).
 */
public final class PartitionKeyExtractor {

    public static final int MAX_PARTITION_KEY_CHARS = 256;

    private final PartitionKeySource source;
    private final JsonFieldPath field;
    private final String header;

    PartitionKeyExtractor(PartitionKeySource source, JsonFieldPath field, String header) {
        this.source = source;
        this.field = field;
        this.header = header;
    }

    public static PartitionKeyExtractor from(KinesisSinkConfig config) {
        return new PartitionKeyExtractor(config.partitionKeySource(), config.partitionKeyField(),
                config.partitionKeyHeader());
    }

    /**
     * @param data        the record's value bytes, which FIELD reads
     * @param destination for the exception
     * @throws UnsendableRecordException when the record has no usable key
     */
    public String keyOf(SinkRecord record, byte[] data, String destination) throws UnsendableRecordException {
        String key = switch (source) {
            case RECORD_KEY -> recordKey(record, destination);
            case FIELD -> fieldValue(data, destination);
            case HEADER -> headerValue(record, destination);
            case KAFKA_PARTITION -> String.valueOf(record.kafkaPartition());
        };
        if (key.isEmpty()) {
            throw new UnsendableRecordException(destination, "the partition key from " + describeSource()
                    + " is empty; Kinesis needs 1 to " + MAX_PARTITION_KEY_CHARS + " characters");
        }
        int characters = key.codePointCount(0, key.length());
        if (characters > MAX_PARTITION_KEY_CHARS) {
            throw new UnsendableRecordException(destination, "the partition key from " + describeSource() + " has "
                    + characters + " characters; Kinesis allows at most " + MAX_PARTITION_KEY_CHARS);
        }
        return key;
    }

    private String describeSource() {
        return switch (source) {
            case RECORD_KEY -> "the record key";
            case FIELD -> "field '" + field.path() + "' of the value";
            case HEADER -> "header '" + header + "'";
            case KAFKA_PARTITION -> "the Kafka partition";
        };
    }

    private static String recordKey(SinkRecord record, String destination) throws UnsendableRecordException {
        if (record.key() == null) {
            throw new UnsendableRecordException(destination, "the record key is null, and "
                    + KinesisSinkConfig.PARTITION_KEY_SOURCE_CONFIG + "=RECORD_KEY takes the partition key from it");
        }
        return text(record.key(), "the record key", destination);
    }

    private String fieldValue(byte[] data, String destination) throws UnsendableRecordException {
        JsonFieldPath.Lookup lookup = field.lookUp(data);
        if (lookup.problem() != null) {
            throw new UnsendableRecordException(destination, lookup.problem() + " ("
                    + KinesisSinkConfig.PARTITION_KEY_FIELD_CONFIG + ")");
        }
        return lookup.value();
    }

    private String headerValue(SinkRecord record, String destination) throws UnsendableRecordException {
        Header found = record.headers().lastWithName(header);
        if (found == null) {
            throw new UnsendableRecordException(destination, "the record has no header '" + header + "' ("
                    + KinesisSinkConfig.PARTITION_KEY_HEADER_CONFIG + ")");
        }
        if (found.value() == null) {
            throw new UnsendableRecordException(destination, "header '" + header + "' is null ("
                    + KinesisSinkConfig.PARTITION_KEY_HEADER_CONFIG + ")");
        }
        return text(found.value(), "header '" + header + "'", destination);
    }

    private static String text(Object value, String what, String destination) throws UnsendableRecordException {
        if (value instanceof String text) {
            return text;
        }
        if (value instanceof byte[] bytes) {
            return utf8(ByteBuffer.wrap(bytes), what, destination);
        }
        if (value instanceof ByteBuffer buffer) {
            return utf8(buffer.duplicate(), what, destination);
        }
        if (value instanceof Number || value instanceof Boolean || value instanceof Character) {
            return value.toString();
        }
        throw new UnsendableRecordException(destination, what + " is a " + value.getClass().getSimpleName()
                + "; a partition key comes from a string, a number or UTF-8 bytes");
    }

    private static String utf8(ByteBuffer bytes, String what, String destination) throws UnsendableRecordException {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(bytes)
                    .toString();
        } catch (CharacterCodingException e) {
            throw new UnsendableRecordException(destination, what + " is bytes that are not UTF-8 text, so it "
                    + "cannot be a partition key");
        }
    }
}
