package io.kkbridge.connect.kinesis.source;

import io.kkbridge.connect.aws.AwsClientFactory;
import io.kkbridge.connect.aws.AwsSettings;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ChildShard;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.ListShardsRequest;
import software.amazon.awssdk.services.kinesis.model.ListShardsResponse;
import software.amazon.awssdk.services.kinesis.model.Shard;

/** {@link KinesisProxy} on the synchronous SDK client; no retries here (see {@link AwsClientFactory}). */
public final class SdkKinesisProxy implements KinesisProxy {

    private final KinesisClient client;
    private final AutoCloseable owner;

    /** @param owner closed with this proxy: the factory that built {@code client}, or the client itself */
    SdkKinesisProxy(KinesisClient client, AutoCloseable owner) {
        this.client = client;
        this.owner = owner;
    }

    public static SdkKinesisProxy create(AwsSettings settings) {
        AwsClientFactory factory = new AwsClientFactory(settings);
        try {
            return new SdkKinesisProxy(factory.kinesisClient(), factory);
        } catch (RuntimeException e) {
            factory.close();
            throw e;
        }
    }

    @Override
    public List<ShardDescription> listShards(String stream) {
        List<ShardDescription> shards = new ArrayList<>();
        // The first page names the stream; later pages must name only the token.
        ListShardsRequest request = ListShardsRequest.builder().streamName(stream).build();
        while (true) {
            ListShardsResponse response = client.listShards(request);
            for (Shard shard : response.shards()) {
                shards.add(describe(stream, shard));
            }
            if (response.nextToken() == null) {
                return shards;
            }
            request = ListShardsRequest.builder().nextToken(response.nextToken()).build();
        }
    }

    private static ShardDescription describe(String stream, Shard shard) {
        List<String> parents = new ArrayList<>(2);
        if (shard.parentShardId() != null) {
            parents.add(shard.parentShardId());
        }
        if (shard.adjacentParentShardId() != null) {
            parents.add(shard.adjacentParentShardId());
        }
        boolean closed = shard.sequenceNumberRange() != null
                && shard.sequenceNumberRange().endingSequenceNumber() != null;
        return new ShardDescription(stream, shard.shardId(), parents, closed);
    }

    @Override
    public String getShardIterator(String stream, String shardId, IteratorPosition position) {
        return client.getShardIterator(request -> request.streamName(stream)
                .shardId(shardId)
                .shardIteratorType(position.type())
                .startingSequenceNumber(position.sequenceNumber())
                .timestamp(position.timestamp())).shardIterator();
    }

    @Override
    public ShardRecords getRecords(String stream, String shardIterator, int limit) {
        GetRecordsResponse response = client.getRecords(request -> request.shardIterator(shardIterator).limit(limit));
        List<ChildShard> children = response.hasChildShards() ? response.childShards() : List.of();
        Long behind = response.millisBehindLatest();
        return new ShardRecords(response.records(), response.nextShardIterator(), behind == null ? 0 : behind,
                children);
    }

    @Override
    public void close() {
        try {
            owner.close();
        } catch (Exception e) {
            // AwsClientFactory.close() logs its own failures and throws nothing checked
            throw new IllegalStateException("Failed to close the Kinesis client", e);
        }
    }
}
