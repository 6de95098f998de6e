package io.kkbridge.connect.kinesis.source;

import org.reactivestreams.Subscriber;
import software.amazon.awssdk.services.kinesis.model.SubscribeToShardEvent;

/**
 * The enhanced fan-out calls of the source connector, and nothing else: a seam so tests can script consumers,
 * subscriptions and their events. Implementations throw (or signal) the AWS SDK's exceptions unchanged; callers
 * classify them with {@link io.kkbridge.connect.aws.AwsErrorClassifier}.
 */
public interface KinesisFanOutProxy extends AutoCloseable {

    /** The stream's ARN, which the consumer calls need (DescribeStreamSummary). */
    String streamArn(String stream);

    /** @throws software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException when there is none */
    StreamConsumer describeStreamConsumer(String streamArn, String consumerName);

    /** Starts registering; the consumer is CREATING until {@link #describeStreamConsumer} says ACTIVE. */
    StreamConsumer registerStreamConsumer(String streamArn, String consumerName);

    void deregisterStreamConsumer(String consumerArn);

    /**
     * Opens a subscription to one shard, delivered to {@code subscriber} as reactive streams prescribe: events only
     * as far as it requested them, and exactly one terminal signal: {@code onComplete} when the subscription ended
     * normally (Kinesis ends each after 5 minutes), {@code onError} when it failed, also when it failed before
     * {@code onSubscribe}. Returns at once.
     */
    void subscribeToShard(String consumerArn, String shardId, IteratorPosition start,
                          Subscriber<? super SubscribeToShardEvent> subscriber);

    @Override
    void close();
}
