package io.kkbridge.connect.kinesis.source;

import java.util.List;

/**
 * The Kinesis calls the source connector makes, and nothing else: a seam so tests can script shards, records,
 * resharding and failures. Implementations throw the AWS SDK's exceptions unchanged; callers classify them with
 * {@link io.kkbridge.connect.aws.AwsErrorClassifier}.
 */
public interface KinesisProxy extends AutoCloseable {

    /** Every shard of {@code stream} that ListShards reports (open and closed, within retention), all pages. */
    List<ShardDescription> listShards(String stream);

    String getShardIterator(String stream, String shardId, IteratorPosition position);

    /** @param stream for error messages and logs; the iterator already names the shard */
    ShardRecords getRecords(String stream, String shardIterator, int limit);

    @Override
    void close();
}
