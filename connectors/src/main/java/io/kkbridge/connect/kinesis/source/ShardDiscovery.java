package io.kkbridge.connect.kinesis.source;

import io.kkbridge.connect.aws.AwsResource;
import io.kkbridge.connect.aws.RetryPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Lists the shards of the configured streams for the connector, retrying throttling and server errors with the
 * {@link RetryPolicy}, and tells listings apart by what matters to task assignment.
 */
public final class ShardDiscovery {

    private final KinesisProxy proxy;
    private final RetryPolicy retryPolicy;
    private final List<String> streams;

    public ShardDiscovery(KinesisProxy proxy, RetryPolicy retryPolicy, List<String> streams) {
        this.proxy = proxy;
        this.retryPolicy = retryPolicy;
        this.streams = List.copyOf(streams);
    }

    /**
     * Every shard of every stream, streams in config order.
     *
     * @throws io.kkbridge.connect.aws.AwsCallFailedException naming the stream and {@code kinesis.streams}, when
     *         a stream is missing, access is denied, or retries gave up
     */
    public List<ShardDescription> listAll() {
        List<ShardDescription> shards = new ArrayList<>();
        for (String stream : streams) {
            shards.addAll(retryPolicy.call(AwsResource.kinesisStream(stream, KinesisSourceConfig.STREAMS_CONFIG),
                    () -> proxy.listShards(stream)));
        }
        return shards;
    }

    /**
     * What a listing looks like to task assignment: which shards exist and which are closed. Equal fingerprints
     * need no reconfiguration; a new shard, a shard that closed or one that expired changes it.
     */
    public static Set<String> fingerprint(List<ShardDescription> shards) {
        Set<String> fingerprint = new TreeSet<>();
        shards.forEach(shard -> fingerprint.add(shard.key() + (shard.closed() ? " closed" : " open")));
        return fingerprint;
    }
}
