package io.kkbridge.connect.kinesis.source;

import java.util.List;
import software.amazon.awssdk.services.kinesis.model.ChildShard;
import software.amazon.awssdk.services.kinesis.model.Record;

/**
 * What one GetRecords call returned, or what SubscribeToShard events brought.
 *
 * @param nextShardIterator where reading continues (the next shard iterator when polling, the continuation sequence
 *                          number with enhanced fan-out); null once the shard is closed and read to its end
 * @param childShards       the shards that replaced this one, reported with its end, with their parents
 */
public record ShardRecords(List<Record> records, String nextShardIterator, long millisBehindLatest,
                           List<ChildShard> childShards) {

    public ShardRecords {
        records = List.copyOf(records);
        childShards = List.copyOf(childShards);
    }

    public boolean shardEnded() {
        return nextShardIterator == null;
    }

    public List<String> childShardIds() {
        return childShards.stream().map(ChildShard::shardId).toList();
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
