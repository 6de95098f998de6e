package io.kkbridge.connect.kinesis.aggregation;

import java.util.ArrayList;
import java.util.List;

/**
 * Packs user records, in order, into as few Kinesis records as fit a size limit, in the KPL aggregated format.
 *
 * <p>Each aggregate is put with the keys of its first user record, so all of its user records land on one shard.
 * Callers must therefore hand in only records that map to the same shard; otherwise a partition key could be spread
 * over two shards and lose its order.
 */
public final class RecordAggregator {

    /** Kinesis' limit for one record: data blob plus partition key. */
    public static final int KINESIS_MAX_RECORD_BYTES = 1024 * 1024;

    /**
     * Leaves room under the 1 MiB record limit for the aggregate's own partition key: at most 256 characters,
     * so at most 1,024 UTF-8 bytes.
     */
    public static final int DEFAULT_MAX_AGGREGATE_BYTES = KINESIS_MAX_RECORD_BYTES - 1024;

    private final int maxAggregateBytes;

    public RecordAggregator() {
        this(DEFAULT_MAX_AGGREGATE_BYTES);
    }

    public RecordAggregator(int maxAggregateBytes) {
        if (maxAggregateBytes <= AggregationFormat.OVERHEAD_BYTES || maxAggregateBytes > KINESIS_MAX_RECORD_BYTES) {
            throw new IllegalArgumentException("maxAggregateBytes must be between "
                    + (AggregationFormat.OVERHEAD_BYTES + 1) + " and " + KINESIS_MAX_RECORD_BYTES + ", was "
                    + maxAggregateBytes);
        }
        this.maxAggregateBytes = maxAggregateBytes;
    }

    public int maxAggregateBytes() {
        return maxAggregateBytes;
    }

    /**
     * Aggregates in input order; an aggregate is closed as soon as the next record would push it over the limit.
     *
     * @throws IllegalArgumentException if one record's data alone is larger than the limit
     */
    public List<Aggregate> aggregate(List<UserRecord> userRecords) {
        List<Aggregate> aggregates = new ArrayList<>();
        AggregateBuilder current = new AggregateBuilder();
        for (int i = 0; i < userRecords.size(); i++) {
            UserRecord record = userRecords.get(i);
            if (!current.isEmpty() && current.aggregatedSizeWith(record) > maxAggregateBytes) {
                aggregates.add(current.build());
                current = new AggregateBuilder();
            }
            // A record alone goes out as plain data, so only its data has to fit.
            if (current.isEmpty() && record.data().length > maxAggregateBytes) {
                throw new IllegalArgumentException("user record " + i + " (partition key '" + record.partitionKey()
                        + "') has " + record.data().length + " bytes of data, over the "
                        + maxAggregateBytes + "-byte limit of one Kinesis record");
            }
            current.add(record);
        }
        if (!current.isEmpty()) {
            aggregates.add(current.build());
        }
        return aggregates;
    }
}
