package io.kkbridge.connect.kinesis.source;

import java.util.List;
import java.util.Objects;

/**
 * One shard as ListShards describes it.
 *
 * @param parentShardIds the parent and, after a merge, the adjacent parent; empty for a shard the stream was
 *                       created with
 * @param closed         whether the shard has an ending sequence number (it was split or merged away)
 */
public record ShardDescription(String stream, String shardId, List<String> parentShardIds, boolean closed) {

    public ShardDescription {
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(shardId, "shardId");
        parentShardIds = List.copyOf(parentShardIds);
    }

    /** Identifies the shard across streams, as in task configs: {@code stream/shardId}. */
    public String key() {
        return key(stream, shardId);
    }

    public static String key(String stream, String shardId) {
        return stream + "/" + shardId;
    }
}
