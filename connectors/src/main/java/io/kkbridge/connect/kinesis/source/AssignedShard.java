package io.kkbridge.connect.kinesis.source;

import java.util.List;
import java.util.Objects;

/**
 * A shard a task reads.
 *
 * @param parentShardIds the parents the task must see finished before reading this shard: only parents that still
 *                       needed reading when the connector assigned the shards (finished or expired parents are left
 *                       out, since there is nothing to wait for)
 */
public record AssignedShard(String stream, String shardId, List<String> parentShardIds) {

    public AssignedShard {
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(shardId, "shardId");
        parentShardIds = List.copyOf(parentShardIds);
    }

    public String key() {
        return ShardDescription.key(stream, shardId);
    }

    public String parentKey(String parentShardId) {
        return ShardDescription.key(stream, parentShardId);
    }
}
