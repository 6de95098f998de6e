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

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects user records for one aggregate and knows its exact encoded size before encoding, so the aggregator can
 * decide whether the next record still fits. Fields are written in field-number order, as the KPL's generated
 * protobuf code does.
 */
final class AggregateBuilder {

    private final Map<String, Integer> partitionKeyIndexes = new LinkedHashMap<>();
    private final Map<String, Integer> explicitHashKeyIndexes = new LinkedHashMap<>();
    private final List<UserRecord> records = new ArrayList<>();
    private long bodyBytes;

    boolean isEmpty() {
        return records.isEmpty();
    }

    /** Size of the aggregate (magic, body and MD5) if {@code record} were added. */
    long aggregatedSizeWith(UserRecord record) {
        return OVERHEAD_BYTES + bodyBytes + bodyGrowth(record);
    }

    void add(UserRecord record) {
        bodyBytes += bodyGrowth(record);
        partitionKeyIndexes.putIfAbsent(record.partitionKey(), partitionKeyIndexes.size());
        if (record.explicitHashKey() != null) {
            explicitHashKeyIndexes.putIfAbsent(record.explicitHashKey(), explicitHashKeyIndexes.size());
        }
        records.add(record);
    }

    /** A single record is sent as plain data, as the KPL does: any consumer can read it, aggregate-aware or not. */
    Aggregate build() {
        UserRecord first = records.get(0);
        byte[] data = records.size() == 1 ? first.data() : encode();
        return new Aggregate(first.partitionKey(), first.explicitHashKey(), data, records);
    }

    private long bodyGrowth(UserRecord record) {
        long growth = 0;
        Integer partitionKeyIndex = partitionKeyIndexes.get(record.partitionKey());
        if (partitionKeyIndex == null) {
            partitionKeyIndex = partitionKeyIndexes.size();
            growth += CodedOutputStream.computeStringSize(PARTITION_KEY_TABLE_FIELD, record.partitionKey());
        }
        Integer explicitHashKeyIndex = null;
        if (record.explicitHashKey() != null) {
            explicitHashKeyIndex = explicitHashKeyIndexes.get(record.explicitHashKey());
            if (explicitHashKeyIndex == null) {
                explicitHashKeyIndex = explicitHashKeyIndexes.size();
                growth += CodedOutputStream.computeStringSize(EXPLICIT_HASH_KEY_TABLE_FIELD, record.explicitHashKey());
            }
        }
        int recordBytes = recordMessageSize(partitionKeyIndex, explicitHashKeyIndex, record.data());
        return growth + CodedOutputStream.computeTagSize(RECORDS_FIELD)
                + CodedOutputStream.computeUInt32SizeNoTag(recordBytes) + recordBytes;
    }

    private static int recordMessageSize(int partitionKeyIndex, Integer explicitHashKeyIndex, byte[] data) {
        int size = CodedOutputStream.computeUInt64Size(PARTITION_KEY_INDEX_FIELD, partitionKeyIndex);
        if (explicitHashKeyIndex != null) {
            size += CodedOutputStream.computeUInt64Size(EXPLICIT_HASH_KEY_INDEX_FIELD, explicitHashKeyIndex);
        }
        return size + CodedOutputStream.computeByteArraySize(DATA_FIELD, data);
    }

    private byte[] encode() {
        int bodyLength = Math.toIntExact(bodyBytes);
        byte[] result = new byte[bodyLength + OVERHEAD_BYTES];
        System.arraycopy(MAGIC, 0, result, 0, MAGIC.length);
        CodedOutputStream out = CodedOutputStream.newInstance(result, MAGIC.length, bodyLength);
        try {
            writeBody(out);
            out.checkNoSpaceLeft(); // the size bookkeeping and the encoding must agree exactly
        } catch (IOException e) {
            throw new UncheckedIOException("KPL aggregate encoding overran its computed size", e);
        }
        byte[] digest = AggregationFormat.md5(result, MAGIC.length, bodyLength);
        System.arraycopy(digest, 0, result, result.length - DIGEST_LENGTH, DIGEST_LENGTH);
        return result;
    }

    private void writeBody(CodedOutputStream out) throws IOException {
        for (String partitionKey : partitionKeyIndexes.keySet()) {
            out.writeString(PARTITION_KEY_TABLE_FIELD, partitionKey);
        }
        for (String explicitHashKey : explicitHashKeyIndexes.keySet()) {
            out.writeString(EXPLICIT_HASH_KEY_TABLE_FIELD, explicitHashKey);
        }
        for (UserRecord record : records) {
            int partitionKeyIndex = partitionKeyIndexes.get(record.partitionKey());
            Integer explicitHashKeyIndex = record.explicitHashKey() == null ? null
                    : explicitHashKeyIndexes.get(record.explicitHashKey());
            out.writeTag(RECORDS_FIELD, WireFormat.WIRETYPE_LENGTH_DELIMITED);
            out.writeUInt32NoTag(recordMessageSize(partitionKeyIndex, explicitHashKeyIndex, record.data()));
            out.writeUInt64(PARTITION_KEY_INDEX_FIELD, partitionKeyIndex);
            if (explicitHashKeyIndex != null) {
                out.writeUInt64(EXPLICIT_HASH_KEY_INDEX_FIELD, explicitHashKeyIndex);
            }
            out.writeByteArray(DATA_FIELD, record.data());
        }
    }
}
