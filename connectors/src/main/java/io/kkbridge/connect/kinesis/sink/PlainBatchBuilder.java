package io.kkbridge.connect.kinesis.sink;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One Kafka record per entry, at most {@code maxRecords} entries and {@code maxBytes} bytes per request, and at most
 * one record per ordering key: within one request Kinesis may fail an entry and accept a later one with the same
 * key, which would reorder them.
 *
 * <p>A single record larger than {@code maxBytes} still goes, alone: {@code maxBytes} is a target the user may set
 * below the service's request limit, and every record was checked against the service's record limit, which is
 * below the request limit.
 */
public final class PlainBatchBuilder implements BatchBuilder {

    private final int maxRecords;
    private final long maxBytes;
    private final List<PendingRecord> records = new ArrayList<>();
    private final Set<String> keys = new HashSet<>();
    private long bytes;

    public PlainBatchBuilder(int maxRecords, long maxBytes) {
        this.maxRecords = maxRecords;
        this.maxBytes = maxBytes;
    }

    @Override
    public Offer offer(PendingRecord record) {
        String key = record.orderingKey();
        if (key != null && keys.contains(key)) {
            return Offer.KEY_CLOSED;
        }
        if (records.size() >= maxRecords || (!records.isEmpty() && bytes + record.sizeBytes() > maxBytes)) {
            return Offer.FULL;
        }
        records.add(record);
        bytes += record.sizeBytes();
        if (key != null) {
            keys.add(key);
        }
        return Offer.ADDED;
    }

    @Override
    public boolean isFull() {
        return records.size() >= maxRecords || bytes >= maxBytes;
    }

    @Override
    public List<BatchEntry> build() {
        List<BatchEntry> entries = new ArrayList<>(records.size());
        for (PendingRecord record : records) {
            entries.add(new BatchEntry(record.orderingKey(), record.data(), List.of(record)));
        }
        return entries;
    }
}
