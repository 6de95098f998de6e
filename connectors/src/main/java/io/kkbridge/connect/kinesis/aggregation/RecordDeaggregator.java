package io.kkbridge.connect.kinesis.aggregation;

import static io.kkbridge.connect.kinesis.aggregation.AggregationFormat.DATA_FIELD;
import static io.kkbridge.connect.kinesis.aggregation.AggregationFormat.DIGEST_LENGTH;
import static io.kkbridge.connect.kinesis.aggregation.AggregationFormat.EXPLICIT_HASH_KEY_INDEX_FIELD;
import static io.kkbridge.connect.kinesis.aggregation.AggregationFormat.EXPLICIT_HASH_KEY_TABLE_FIELD;
import static io.kkbridge.connect.kinesis.aggregation.AggregationFormat.MAGIC;
import static io.kkbridge.connect.kinesis.aggregation.AggregationFormat.OVERHEAD_BYTES;
import static io.kkbridge.connect.kinesis.aggregation.AggregationFormat.PARTITION_KEY_INDEX_FIELD;
import static io.kkbridge.connect.kinesis.aggregation.AggregationFormat.PARTITION_KEY_TABLE_FIELD;
import static io.kkbridge.connect.kinesis.aggregation.AggregationFormat.RECORDS_FIELD;
import static io.kkbridge.connect.kinesis.aggregation.AggregationFormat.TAGS_FIELD;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.WireFormat;
import io.kkbridge.connect.kinesis.aggregation.CorruptAggregateException.Reason;
import java.io.IOException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import software.amazon.awssdk.services.kinesis.model.Record;

/**
 * Splits KPL aggregated Kinesis records into their user records.
 *
 * <p>Why hand-written on protobuf-java instead of a KPL library: awslabs' {@code amazon-kinesis-deaggregator} /
 * {@code amazon-kinesis-aggregator} 2.x do not resolve from Maven Central here, are barely maintained, and pull in
 * the whole KCL 2.x plus AWS Lambda event types; KCL's {@code AggregatorUtil} needs all of KCL (DynamoDB, CloudWatch,
 * Netty). The format is two small messages, so reading the wire format with {@link CodedInputStream} keeps the
 * plugin small and lets a corrupt aggregate be reported precisely instead of being passed on as plain data.
 */
public final class RecordDeaggregator {

    private static final int TAG_PARTITION_KEY_TABLE =
            AggregationFormat.tag(PARTITION_KEY_TABLE_FIELD, WireFormat.WIRETYPE_LENGTH_DELIMITED);
    private static final int TAG_EXPLICIT_HASH_KEY_TABLE =
            AggregationFormat.tag(EXPLICIT_HASH_KEY_TABLE_FIELD, WireFormat.WIRETYPE_LENGTH_DELIMITED);
    private static final int TAG_RECORDS = AggregationFormat.tag(RECORDS_FIELD, WireFormat.WIRETYPE_LENGTH_DELIMITED);
    private static final int TAG_PARTITION_KEY_INDEX =
            AggregationFormat.tag(PARTITION_KEY_INDEX_FIELD, WireFormat.WIRETYPE_VARINT);
    private static final int TAG_EXPLICIT_HASH_KEY_INDEX =
            AggregationFormat.tag(EXPLICIT_HASH_KEY_INDEX_FIELD, WireFormat.WIRETYPE_VARINT);
    private static final int TAG_DATA = AggregationFormat.tag(DATA_FIELD, WireFormat.WIRETYPE_LENGTH_DELIMITED);
    private static final int TAG_TAGS = AggregationFormat.tag(TAGS_FIELD, WireFormat.WIRETYPE_LENGTH_DELIMITED);

    // Indexed by field number (0 unused): the wire type each known field must have.
    private static final int[] AGGREGATED_RECORD_WIRE_TYPES = {-1, WireFormat.WIRETYPE_LENGTH_DELIMITED,
        WireFormat.WIRETYPE_LENGTH_DELIMITED, WireFormat.WIRETYPE_LENGTH_DELIMITED};
    private static final int[] RECORD_WIRE_TYPES = {-1, WireFormat.WIRETYPE_VARINT, WireFormat.WIRETYPE_VARINT,
        WireFormat.WIRETYPE_LENGTH_DELIMITED, WireFormat.WIRETYPE_LENGTH_DELIMITED};

    /** The user records of a record read with GetRecords or SubscribeToShard (which carry no explicit hash key). */
    public List<DeaggregatedRecord> deaggregate(Record kinesisRecord) throws CorruptAggregateException {
        return deaggregate(kinesisRecord.partitionKey(), null, kinesisRecord.data().asByteArrayUnsafe());
    }

    /**
     * The user records inside one Kinesis record, in aggregate order. A record without the KPL magic is returned as
     * the single user record it is, with the given keys.
     */
    public List<DeaggregatedRecord> deaggregate(String partitionKey, String explicitHashKey, byte[] data)
            throws CorruptAggregateException {
        if (!AggregationFormat.hasMagic(data)) {
            return List.of(new DeaggregatedRecord(new UserRecord(partitionKey, explicitHashKey, data), 0, false));
        }
        if (data.length < OVERHEAD_BYTES) {
            throw new CorruptAggregateException(Reason.TRUNCATED, data.length
                    + " bytes is shorter than the " + OVERHEAD_BYTES + " bytes of magic and MD5 alone");
        }
        int bodyLength = data.length - OVERHEAD_BYTES;
        verifyDigest(data, bodyLength);
        return toUserRecords(parseBody(data, bodyLength));
    }

    private static void verifyDigest(byte[] data, int bodyLength) throws CorruptAggregateException {
        byte[] expected = AggregationFormat.md5(data, MAGIC.length, bodyLength);
        byte[] actual = Arrays.copyOfRange(data, data.length - DIGEST_LENGTH, data.length);
        if (!MessageDigest.isEqual(expected, actual)) {
            throw new CorruptAggregateException(Reason.DIGEST_MISMATCH,
                    "the trailing MD5 does not match the " + bodyLength + "-byte body");
        }
    }

    private static ParsedAggregate parseBody(byte[] data, int bodyLength) throws CorruptAggregateException {
        CodedInputStream in = CodedInputStream.newInstance(data, MAGIC.length, bodyLength);
        ParsedAggregate aggregate = new ParsedAggregate();
        try {
            for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
                if (tag == TAG_PARTITION_KEY_TABLE) {
                    aggregate.partitionKeys.add(in.readString());
                } else if (tag == TAG_EXPLICIT_HASH_KEY_TABLE) {
                    aggregate.explicitHashKeys.add(in.readString());
                } else if (tag == TAG_RECORDS) {
                    aggregate.records.add(parseRecord(in, aggregate.records.size()));
                } else {
                    skipUnknownField(in, tag, "AggregatedRecord", AGGREGATED_RECORD_WIRE_TYPES);
                }
            }
        } catch (InvalidProtocolBufferException e) {
            throw new CorruptAggregateException(Reason.MALFORMED_PROTOBUF, e.getMessage(), e);
        } catch (IOException e) {
            // CodedInputStream over a byte array only fails with InvalidProtocolBufferException
            throw new CorruptAggregateException(Reason.MALFORMED_PROTOBUF, e.toString(), e);
        }
        return aggregate;
    }

    private static ParsedRecord parseRecord(CodedInputStream in, int position)
            throws IOException, CorruptAggregateException {
        int oldLimit = in.pushLimit(in.readRawVarint32());
        // boxed so that "absent" cannot collide with any uint64 value
        Long partitionKeyIndex = null;
        Long explicitHashKeyIndex = null;
        byte[] payload = null;
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            if (tag == TAG_PARTITION_KEY_INDEX) {
                partitionKeyIndex = in.readUInt64();
            } else if (tag == TAG_EXPLICIT_HASH_KEY_INDEX) {
                explicitHashKeyIndex = in.readUInt64();
            } else if (tag == TAG_DATA) {
                payload = in.readByteArray();
            } else if (tag != TAG_TAGS) {
                skipUnknownField(in, tag, "record " + position, RECORD_WIRE_TYPES);
            } else {
                in.skipField(tag); // tags carry nothing a Kafka record can hold
            }
        }
        in.popLimit(oldLimit);
        if (partitionKeyIndex == null) {
            throw new CorruptAggregateException(Reason.MISSING_REQUIRED_FIELD,
                    "record " + position + " has no partition_key_index");
        }
        if (payload == null) {
            throw new CorruptAggregateException(Reason.MISSING_REQUIRED_FIELD, "record " + position + " has no data");
        }
        return new ParsedRecord(partitionKeyIndex, explicitHashKeyIndex, payload);
    }

    /**
     * Skips a field this reader does not use (tags, or fields a newer format adds), as protobuf's compatibility rules
     * allow. A known field with the wrong wire type is corruption, not an unknown field: skipping it would silently
     * drop a user record or a key.
     */
    private static void skipUnknownField(CodedInputStream in, int tag, String message, int[] expectedWireTypes)
            throws IOException {
        int fieldNumber = WireFormat.getTagFieldNumber(tag);
        if (fieldNumber < expectedWireTypes.length) {
            throw new InvalidProtocolBufferException(message + " field " + fieldNumber + " has wire type "
                    + WireFormat.getTagWireType(tag) + " instead of " + expectedWireTypes[fieldNumber]);
        }
        in.skipField(tag);
    }

    private static List<DeaggregatedRecord> toUserRecords(ParsedAggregate aggregate)
            throws CorruptAggregateException {
        List<DeaggregatedRecord> result = new ArrayList<>(aggregate.records.size());
        for (int position = 0; position < aggregate.records.size(); position++) {
            ParsedRecord parsed = aggregate.records.get(position);
            String partitionKey = lookUp(aggregate.partitionKeys, parsed.partitionKeyIndex, position,
                    Reason.PARTITION_KEY_INDEX_OUT_OF_RANGE, "partition key");
            String explicitHashKey = parsed.explicitHashKeyIndex == null ? null
                    : lookUp(aggregate.explicitHashKeys, parsed.explicitHashKeyIndex, position,
                            Reason.EXPLICIT_HASH_KEY_INDEX_OUT_OF_RANGE, "explicit hash key");
            result.add(new DeaggregatedRecord(new UserRecord(partitionKey, explicitHashKey, parsed.data), position,
                    true));
        }
        return result;
    }

    private static String lookUp(List<String> table, long index, int position, Reason reason, String what)
            throws CorruptAggregateException {
        // uint64 arrives as a signed long: an index of 2^63 or more is negative here, and out of range too
        if (index < 0 || index >= table.size()) {
            throw new CorruptAggregateException(reason, "record " + position + " refers to " + what + " index "
                    + Long.toUnsignedString(index) + " but the table has " + table.size() + " entries");
        }
        return table.get((int) index);
    }

    private static final class ParsedAggregate {
        final List<String> partitionKeys = new ArrayList<>();
        final List<String> explicitHashKeys = new ArrayList<>();
        final List<ParsedRecord> records = new ArrayList<>();
    }

    private record ParsedRecord(long partitionKeyIndex, Long explicitHashKeyIndex, byte[] data) {
    }
}
