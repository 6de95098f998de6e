package io.kkbridge.connect.kinesis.source;

import java.util.List;
import software.amazon.awssdk.services.kinesis.model.Record;

/**
 * What one GetRecords call returned.
 *
 * @param nextShardIterator null once the shard is closed and read to its end
 * @param childShardIds     the shards that replaced this one, reported with its end
 */
public record ShardRecords(List<Record> records, String nextShardIterator, long millisBehindLatest,
                           List<String> childShardIds) {

    public ShardRecords {
        records = List.copyOf(records);
        childShardIds = List.copyOf(childShardIds);
    }

    public boolean shardEnded() {
        return nextShardIterator == null;
    }

    /** Data bytes, which Kinesis counts against a shard's 2 MB/s read limit. */
    public long dataBytes() {
        long bytes = 0;
        for (Record record : records) {
            bytes += record.data().asByteArrayUnsafe().length;
        }
        return bytes;
    }
}
