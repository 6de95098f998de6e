package io.kkbridge.connect.kinesis.source;

import io.kkbridge.connect.aws.AwsErrorClassifier;
import io.kkbridge.connect.aws.Backoff;
import io.kkbridge.connect.aws.RetryPolicy;
import io.kkbridge.connect.kinesis.aggregation.RecordDeaggregator;
import java.util.Optional;

/**
 * What every {@link ShardReader} of a task shares: limits, backoffs, error handling, de-aggregation, and with
 * enhanced fan-out the subscription renewal interval, how many events a subscription may buffer, and how often a
 * quiet subscription checks whether its shard ended ({@code kinesis.parent.shard.check.interval.ms}).
 */
record ReadSettings(int recordsPerRequest, long emptyShardBackoffMillis, Backoff throttleBackoff,
                    RetryPolicy retryPolicy, AwsErrorClassifier classifier, boolean deaggregate,
                    RecordDeaggregator deaggregator, Optional<String> deadLetterTopic,
                    long subscriptionRenewalMillis, int bufferedEventsPerShard, long endProbeIntervalMillis) {

    static ReadSettings from(KinesisSourceConfig config) {
        return new ReadSettings(config.recordsPerRequest(), config.emptyShardBackoff().toMillis(),
                new Backoff(config.throttleBackoffBase(), config.throttleBackoffMax()),
                RetryPolicy.from(config.awsSettings()), new AwsErrorClassifier(config.awsSettings()),
                config.deaggregate(), new RecordDeaggregator(), config.deadLetterTopic(),
                config.subscriptionRenewal().toMillis(), config.bufferedEventsPerShard(),
                config.parentCheckInterval().toMillis());
    }
}
