package io.kkbridge.connect.kinesis.source;

import io.kkbridge.connect.aws.AwsCallFailedException;
import io.kkbridge.connect.aws.AwsResource;
import io.kkbridge.connect.aws.ClassifiedError;
import io.kkbridge.connect.aws.ErrorCategory;
import io.kkbridge.connect.aws.RetryDecision;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches with GetRecords: one call per {@link #fetch} (after GetShardIterator when there is no iterator), paced
 * within Kinesis' shared limits of 5 GetRecords calls and 2 MB per second per shard: calls at least
 * {@value #MIN_CALL_INTERVAL_MS} ms apart; after a response of N data bytes, N / 2 MB seconds before the next call;
 * {@code kinesis.empty.shard.backoff.ms} after an empty response at the tip; a jittered, growing backoff after each
 * throttle in a row. An expired iterator is replaced at the reader's position. Other retriable errors wait as the
 * {@link io.kkbridge.connect.aws.RetryPolicy} says and fail the task once it gives up; fatal errors fail it at once,
 * with a message naming the stream and the setting.
 */
final class PollingShardFetcher implements ShardFetcher {

    static final long MIN_CALL_INTERVAL_MS = 200;
    static final long SHARD_READ_BYTES_PER_SECOND = 2_000_000;

    private static final Logger log = LoggerFactory.getLogger(PollingShardFetcher.class);

    private final AssignedShard shard;
    private final ReadSettings settings;
    private final KinesisProxy proxy;
    private final ShardMetrics metrics;
    private final AwsResource resource;

    private String iterator;
    private long notBefore;
    private int throttlesInARow;
    private int failedAttempts;

    PollingShardFetcher(AssignedShard shard, ReadSettings settings, KinesisProxy proxy, ShardMetrics metrics) {
        this.shard = shard;
        this.settings = settings;
        this.proxy = proxy;
        this.metrics = metrics;
        this.resource = new AwsResource("Kinesis stream '" + shard.stream() + "' (shard " + shard.shardId() + ")",
                KinesisSourceConfig.STREAMS_CONFIG);
    }

    @Override
    public boolean isDue(long now) {
        return now >= notBefore;
    }

    @Override
    public long notBefore() {
        return notBefore;
    }

    @Override
    public ShardRecords fetch(long now, Supplier<ResumePoint> restart) {
        ShardRecords result;
        boolean requestingIterator = iterator == null;
        try {
            if (requestingIterator) {
                ResumePoint resume = restart.get();
                iterator = proxy.getShardIterator(shard.stream(), shard.shardId(), resume.position());
                log.debug("Got iterator for shard {} of stream '{}' at {}", shard.shardId(), shard.stream(), resume);
                requestingIterator = false;
            }
            metrics.recordGetRecordsCall();
            result = proxy.getRecords(shard.stream(), iterator, settings.recordsPerRequest());
        } catch (RuntimeException e) {
            return handleFailure(e, now, requestingIterator);
        }
        throttlesInARow = 0;
        failedAttempts = 0;
        iterator = result.nextShardIterator();
        long bytes = result.dataBytes();
        long wait = Math.max(MIN_CALL_INTERVAL_MS, bytes * 1000 / SHARD_READ_BYTES_PER_SECOND);
        if (result.records().isEmpty() && result.millisBehindLatest() == 0) {
            wait = Math.max(wait, settings.emptyShardBackoffMillis());
        }
        notBefore = now + wait;
        log.trace("Shard {} of stream '{}': {} records, {} bytes, {} ms behind; next read in {} ms", shard.shardId(),
                shard.stream(), result.records().size(), bytes, result.millisBehindLatest(), wait);
        return result;
    }

    /** @return the shard's end, when the shard turned out to be gone; otherwise null */
    private ShardRecords handleFailure(RuntimeException failure, long now, boolean requestingIterator) {
        // Before classifying: the classifier calls an expired iterator an invalid request, which would be fatal.
        if (ShardReader.isExpiredIterator(failure)) {
            log.info("Iterator of shard {} of stream '{}' expired; getting a new one at the last position",
                    shard.shardId(), shard.stream());
            iterator = null;
            metrics.recordIteratorRenewal();
            notBefore = now + MIN_CALL_INTERVAL_MS;
            return null;
        }
        ClassifiedError error = settings.classifier().classify(failure, resource);
        if (error.category() == ErrorCategory.THROTTLED) {
            throttlesInARow++;
            metrics.recordThrottle();
            long delay = Math.max(MIN_CALL_INTERVAL_MS,
                    settings.throttleBackoff().delayBeforeRetry(throttlesInARow).toMillis());
            notBefore = now + delay;
            log.debug("{}; throttle {} in a row, next read in {} ms", error.message(), throttlesInARow, delay);
            return null;
        }
        if (error.category() == ErrorCategory.RESOURCE_NOT_FOUND && requestingIterator
                && ShardReader.isGone(proxy, shard.stream(), shard.shardId())) {
            iterator = null;
            return ShardReader.goneShard(shard);
        }
        failedAttempts++;
        RetryDecision decision = settings.retryPolicy().decide(error, failedAttempts);
        if (!decision.retry()) {
            throw new AwsCallFailedException(decision.message(), error, failedAttempts);
        }
        notBefore = now + decision.delay().toMillis();
        log.warn("{}; attempt {} of {}, retrying in {} ms", error.message(), failedAttempts,
                settings.retryPolicy().maxAttempts(), decision.delay().toMillis());
        return null;
    }

    @Override
    public void close() {
        iterator = null;
    }
}
