package io.kkbridge.connect.kinesis.sink;

import static io.kkbridge.connect.kinesis.sink.KinesisRecordPreparer.MAX_RECORD_BYTES;

import io.kkbridge.connect.kinesis.aggregation.Aggregate;
import io.kkbridge.connect.kinesis.aggregation.RecordAggregator;
import io.kkbridge.connect.kinesis.aggregation.UserRecord;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A PutRecords request whose entries are KPL aggregates: one entry per partition key, holding that key's records
 * in order. Every user record in an aggregate has the aggregate's own partition key, so the aggregate lands on the
 * shard each of its records would have reached alone and a key's order holds. (Packing different keys that map to
 * the same shard would need the stream's shard map, kept current through resharding; one key per aggregate needs
 * nothing, and aggregation pays off exactly when a few keys carry many records.)
 *
 * <p>Sizes are upper bounds of the encoding, so an aggregate built from the records this builder accepted never
 * exceeds the Kinesis record limit, and the request never exceeds its byte limit. A key's aggregate that cannot
 * grow further closes the key for this request; its next records wait for the next one.
 */
public final class AggregatingBatchBuilder implements BatchBuilder {

    // Upper bounds of the KPL encoding (see AggregationFormat): magic and MD5; a partition-key table entry (tag and
    // length varint); per record, the records tag and length varint, the key index field and the data tag and
    // length varint.
    static final int AGGREGATE_OVERHEAD_BYTES = 4 + 16;
    static final int KEY_TABLE_OVERHEAD_BYTES = 1 + 5;
    static final int RECORD_OVERHEAD_BYTES = 1 + 5 + 2 + 1 + 5;

    private final int maxEntries;
    private final long maxBytes;
    private final Map<String, KeyGroup> groups = new LinkedHashMap<>();
    private long bytes;

    public AggregatingBatchBuilder(int maxEntries, long maxBytes) {
        this.maxEntries = maxEntries;
        this.maxBytes = maxBytes;
    }

    /** The records of one key in this request, and the size of the entry they will make. */
    private static final class KeyGroup {
        final String key;
        final int keyBytes;
        final List<PendingRecord> records = new ArrayList<>();
        long dataBytes;
        long entryBytes;

        KeyGroup(String key) {
            this.key = key;
            this.keyBytes = key.getBytes(StandardCharsets.UTF_8).length;
        }

        /** The entry's size with one more record of {@code data} bytes: data, partition key and encoding. */
        long entryBytesWith(int data) {
            int count = records.size() + 1;
            if (count == 1) {
                return (long) data + keyBytes; // a lone record goes as plain data
            }
            return AGGREGATE_OVERHEAD_BYTES + KEY_TABLE_OVERHEAD_BYTES + keyBytes
                    + dataBytes + data + (long) count * RECORD_OVERHEAD_BYTES + keyBytes;
        }

        void add(PendingRecord record, long newEntryBytes) {
            records.add(record);
            dataBytes += record.data().length;
            entryBytes = newEntryBytes;
        }
    }

    @Override
    public Offer offer(PendingRecord record) {
        KeyGroup group = groups.get(record.orderingKey());
        if (group != null) {
            long grown = group.entryBytesWith(record.data().length);
            if (grown > MAX_RECORD_BYTES || bytes - group.entryBytes + grown > maxBytes) {
                return Offer.KEY_CLOSED;
            }
            bytes += grown - group.entryBytes;
            group.add(record, grown);
            return Offer.ADDED;
        }
        if (groups.size() >= maxEntries || (!groups.isEmpty() && bytes + record.sizeBytes() > maxBytes)) {
            return Offer.FULL;
        }
        KeyGroup created = new KeyGroup(record.orderingKey());
        long entryBytes = created.entryBytesWith(record.data().length);
        created.add(record, entryBytes);
        groups.put(created.key, created);
        bytes += entryBytes;
        return Offer.ADDED;
    }

    /** Only bytes can fill it: with the entry count reached, the aggregates of its keys can still grow. */
    @Override
    public boolean isFull() {
        return bytes >= maxBytes;
    }

    @Override
    public List<BatchEntry> build() {
        List<BatchEntry> entries = new ArrayList<>(groups.size());
        for (KeyGroup group : groups.values()) {
            if (group.records.size() == 1) {
                entries.add(new BatchEntry(group.key, group.records.get(0).data(), group.records));
                continue;
            }
            List<UserRecord> userRecords = new ArrayList<>(group.records.size());
            group.records.forEach(record -> userRecords.add(UserRecord.of(group.key, record.data())));
            List<Aggregate> aggregates =
                    new RecordAggregator(MAX_RECORD_BYTES - group.keyBytes).aggregate(userRecords);
            if (aggregates.size() != 1) {
                throw new IllegalStateException("the " + group.records.size() + " records of partition key '"
                        + group.key + "' made " + aggregates.size() + " aggregates instead of one");
            }
            entries.add(new BatchEntry(group.key, aggregates.get(0).data(), group.records));
        }
        return entries;
    }
}
