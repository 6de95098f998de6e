package io.kkbridge.connect.kinesis.source;

import io.kkbridge.connect.aws.AwsCallFailedException;
import io.kkbridge.connect.aws.AwsResource;
import io.kkbridge.connect.aws.ClassifiedError;
import io.kkbridge.connect.aws.ErrorCategory;
import io.kkbridge.connect.aws.RetryDecision;
import io.kkbridge.connect.kinesis.aggregation.CorruptAggregateException;
import io.kkbridge.connect.kinesis.aggregation.DeaggregatedRecord;
import io.kkbridge.connect.kinesis.aggregation.UserRecord;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.kinesis.model.ExpiredIteratorException;
import software.amazon.awssdk.services.kinesis.model.Record;

/**
 * Reads one shard, one GetRecords call per {@link #read} and never blocking beyond that call: instead of sleeping,
 * it sets the time before which it must not be called again ({@link #notBefore()}), which the task honours.
 *
 * <p>States: WAITING_FOR_PARENTS (until the task sees every parent finished), READING, ENDED (the shard is closed
 * and was read to its end, or expired). A shard with a stored offset never waits: it was read before, so its parents
 * were finished then.
 *
 * <p>Pacing per shard, within Kinesis' shared limits of 5 GetRecords calls and 2 MB per second: calls at least
 * {@value #MIN_CALL_INTERVAL_MS} ms apart; after a response of N data bytes, N / 2 MB seconds before the next call;
 * {@code kinesis.empty.shard.backoff.ms} after an empty response at the tip; a jittered, growing backoff after each
 * throttle in a row. Other retriable errors wait as the {@link io.kkbridge.connect.aws.RetryPolicy} says and fail
 * the task once it gives up; fatal errors fail it at once, with a message naming the stream and the setting.
 */
final class ShardReader {

    enum State { WAITING_FOR_PARENTS, READING, ENDED }

    static final long MIN_CALL_INTERVAL_MS = 200;
    static final long SHARD_READ_BYTES_PER_SECOND = 2_000_000;

    private static final Logger log = LoggerFactory.getLogger(ShardReader.class);

    private final AssignedShard shard;
    private final IteratorPosition startPosition;
    private final ReadSettings settings;
    private final KinesisProxy proxy;
    private final KinesisRecordConverter converter;
    private final ShardMetrics metrics;
    private final AwsResource resource;

    private State state;
    /** The position of the last emitted record; null until one was emitted (or found in the offsets). */
    private ShardOffset position;
    private String iterator;
    /** Set while the records after a resume inside an aggregate have not been seen yet. */
    private ResumePoint pendingSkip;
    private long notBefore;
    private int throttlesInARow;
    private int failedAttempts;

    /**
     * @param committed     the stored offset, or null
     * @param startPosition where to start without an offset
     */
    ShardReader(AssignedShard shard, ShardOffset committed, IteratorPosition startPosition, ReadSettings settings,
                KinesisProxy proxy, KinesisRecordConverter converter, ShardMetrics metrics) {
        this.shard = shard;
        this.position = committed;
        this.startPosition = startPosition;
        this.settings = settings;
        this.proxy = proxy;
        this.converter = converter;
        this.metrics = metrics;
        this.resource = new AwsResource("Kinesis stream '" + shard.stream() + "' (shard " + shard.shardId() + ")",
                KinesisSourceConfig.STREAMS_CONFIG);
        if (committed != null && committed.end()) {
            state(State.ENDED);
        } else if (committed != null || shard.parentShardIds().isEmpty()) {
            state(State.READING);
        } else {
            state(State.WAITING_FOR_PARENTS);
        }
    }

    AssignedShard shard() {
        return shard;
    }

    State state() {
        return state;
    }

    long notBefore() {
        return notBefore;
    }

    ShardOffset position() {
        return position;
    }

    IteratorPosition startPosition() {
        return startPosition;
    }

    boolean isDue(long now) {
        return state == State.READING && now >= notBefore;
    }

    /** Called by the task once every parent is finished. */
    void startReading() {
        if (state == State.WAITING_FOR_PARENTS) {
            log.info("Parents {} of shard {} of stream '{}' are finished; reading the shard from {}",
                    shard.parentShardIds(), shard.shardId(), shard.stream(), resumePoint());
            state(State.READING);
        }
    }

    /**
     * One GetRecords call (after GetShardIterator, when there is no iterator) and its records as Connect records.
     *
     * @throws ConnectException when the error is fatal or retries gave up; the message names stream and setting
     */
    List<SourceRecord> read(long now) {
        ShardRecords result;
        boolean requestingIterator = iterator == null;
        try {
            if (requestingIterator) {
                ResumePoint resume = resumePoint();
                iterator = proxy.getShardIterator(shard.stream(), shard.shardId(), resume.position());
                pendingSkip = resume.skipSequence() == null ? null : resume;
                log.debug("Got iterator for shard {} of stream '{}' at {}", shard.shardId(), shard.stream(), resume);
                requestingIterator = false;
            }
            metrics.recordGetRecordsCall();
            result = proxy.getRecords(shard.stream(), iterator, settings.recordsPerRequest());
        } catch (RuntimeException e) {
            handleFailure(e, now, requestingIterator);
            return List.of();
        }
        throttlesInARow = 0;
        failedAttempts = 0;
        return accept(result, now);
    }

    private ResumePoint resumePoint() {
        return position == null ? ResumePoint.at(startPosition) : position.resumePoint(settings.deaggregate());
    }

    private List<SourceRecord> accept(ShardRecords result, long now) {
        List<SourceRecord> out = new ArrayList<>();
        for (Record kinesisRecord : result.records()) {
            convert(kinesisRecord, out);
        }
        long bytes = result.dataBytes();
        metrics.recordResponse(bytes, result.millisBehindLatest());
        metrics.recordEmitted(out.size());
        if (result.shardEnded()) {
            if (!out.isEmpty()) {
                position = position.atShardEnd();
                out.set(out.size() - 1, KinesisRecordConverter.withOffset(out.get(out.size() - 1), position));
            }
            iterator = null;
            state(State.ENDED);
            log.info("Shard {} of stream '{}' is read to its end{}; child shards: {}", shard.shardId(),
                    shard.stream(), out.isEmpty() ? "" : " (marked in the offset of its last record)",
                    result.childShardIds());
        } else {
            iterator = result.nextShardIterator();
        }
        long wait = Math.max(MIN_CALL_INTERVAL_MS, bytes * 1000 / SHARD_READ_BYTES_PER_SECOND);
        if (result.records().isEmpty() && result.millisBehindLatest() == 0) {
            wait = Math.max(wait, settings.emptyShardBackoffMillis());
        }
        notBefore = now + wait;
        log.trace("Shard {} of stream '{}': {} records, {} bytes, {} ms behind; next read in {} ms", shard.shardId(),
                shard.stream(), out.size(), bytes, result.millisBehindLatest(), wait);
        return out;
    }

    private void convert(Record kinesisRecord, List<SourceRecord> out) {
        String sequence = kinesisRecord.sequenceNumber();
        ResumePoint skip = pendingSkip;
        pendingSkip = null; // it concerns the first record after the resume only
        if (!settings.deaggregate()) {
            position = ShardOffset.after(sequence);
            UserRecord asIs = UserRecord.of(kinesisRecord.partitionKey(), kinesisRecord.data().asByteArray());
            out.add(converter.toSourceRecord(kinesisRecord, new DeaggregatedRecord(asIs, 0, false), position));
            return;
        }
        List<DeaggregatedRecord> userRecords;
        try {
            userRecords = settings.deaggregator().deaggregate(kinesisRecord);
        } catch (CorruptAggregateException e) {
            out.add(deadLetter(kinesisRecord, e));
            return;
        }
        for (DeaggregatedRecord userRecord : userRecords) {
            if (skip != null && skip.skips(sequence, userRecord.subSequenceNumber())) {
                continue;
            }
            position = userRecord.fromAggregate()
                    ? ShardOffset.afterSubRecord(sequence, userRecord.subSequenceNumber())
                    : ShardOffset.after(sequence);
            out.add(converter.toSourceRecord(kinesisRecord, userRecord, position));
        }
    }

    /**
     * The errant-record path of a source task. Connect 3.7 gives source tasks no errant record reporter, so a corrupt
     * aggregate goes, unchanged, to {@code kinesis.dlq.topic} with headers saying why, carrying the offset that
     * resumes after it; without that topic the task fails, naming the record and the reason, rather than drop it.
     */
    private SourceRecord deadLetter(Record kinesisRecord, CorruptAggregateException error) {
        String where = "Kinesis stream '" + shard.stream() + "', shard " + shard.shardId() + ", sequence number "
                + kinesisRecord.sequenceNumber();
        String topic = settings.deadLetterTopic().orElseThrow(() -> new ConnectException(where + ": "
                + error.getMessage() + ". Set " + KinesisSourceConfig.DLQ_TOPIC_CONFIG + " to send such records to "
                + "a dead-letter topic, or " + KinesisSourceConfig.DEAGGREGATE_CONFIG + "=false to pass records on "
                + "without de-aggregating them", error));
        log.warn("{}: {}; sent to dead-letter topic '{}'", where, error.getMessage(), topic);
        metrics.recordDeadLetter();
        position = ShardOffset.after(kinesisRecord.sequenceNumber());
        return converter.toDeadLetter(kinesisRecord, error, position, topic);
    }

    private void handleFailure(RuntimeException failure, long now, boolean requestingIterator) {
        // Before classifying: the classifier calls an expired iterator an invalid request, which would be fatal.
        if (isExpiredIterator(failure)) {
            log.info("Iterator of shard {} of stream '{}' expired; getting a new one at {}", shard.shardId(),
                    shard.stream(), resumePoint());
            iterator = null;
            metrics.recordIteratorRenewal();
            notBefore = now + MIN_CALL_INTERVAL_MS;
            return;
        }
        ClassifiedError error = settings.classifier().classify(failure, resource);
        if (error.category() == ErrorCategory.THROTTLED) {
            throttlesInARow++;
            metrics.recordThrottle();
            long delay = Math.max(MIN_CALL_INTERVAL_MS,
                    settings.throttleBackoff().delayBeforeRetry(throttlesInARow).toMillis());
            notBefore = now + delay;
            log.debug("{}; throttle {} in a row, next read in {} ms", error.message(), throttlesInARow, delay);
            return;
        }
        if (error.category() == ErrorCategory.RESOURCE_NOT_FOUND && requestingIterator
                && isGone(proxy, shard.stream(), shard.shardId())) {
            log.warn("Shard {} of stream '{}' no longer exists (past the stream's retention); treating it as read "
                    + "to its end", shard.shardId(), shard.stream());
            iterator = null;
            state(State.ENDED);
            return;
        }
        failedAttempts++;
        RetryDecision decision = settings.retryPolicy().decide(error, failedAttempts);
        if (!decision.retry()) {
            throw new AwsCallFailedException(decision.message(), error, failedAttempts);
        }
        notBefore = now + decision.delay().toMillis();
        log.warn("{}; attempt {} of {}, retrying in {} ms", error.message(), failedAttempts,
                settings.retryPolicy().maxAttempts(), decision.delay().toMillis());
    }

    static boolean isExpiredIterator(Throwable failure) {
        return failure instanceof ExpiredIteratorException
                || (failure instanceof AwsServiceException service && service.awsErrorDetails() != null
                        && "ExpiredIteratorException".equals(service.awsErrorDetails().errorCode()));
    }

    /**
     * Whether the stream still exists but no longer lists the shard: it expired past retention, so there is
     * nothing left to read. False when the stream itself is gone or the listing fails, so the caller reports the
     * original error.
     */
    static boolean isGone(KinesisProxy proxy, String stream, String shardId) {
        try {
            return proxy.listShards(stream).stream().noneMatch(listed -> listed.shardId().equals(shardId));
        } catch (RuntimeException e) {
            return false;
        }
    }

    private void state(State newState) {
        state = newState;
        metrics.state(newState.name());
    }
}
