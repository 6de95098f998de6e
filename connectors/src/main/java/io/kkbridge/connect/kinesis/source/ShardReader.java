package io.kkbridge.connect.kinesis.source;

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
 * Reads one shard: its {@link ShardFetcher} brings Kinesis records (GetRecords calls, or SubscribeToShard events
 * with enhanced fan-out), and the reader turns them into Connect records with the offsets that resume right after
 * each. {@link #read} never blocks beyond one AWS call; when the fetcher must not be called yet, {@link #notBefore()}
 * says until when, which the task honours.
 *
 * <p>States: WAITING_FOR_PARENTS (until the task sees every parent finished), READING, ENDED (the shard is closed
 * and was read to its end, or expired). A shard with a stored offset never waits: it was read before, so its parents
 * were finished then.
 */
final class ShardReader {

    enum State { WAITING_FOR_PARENTS, READING, ENDED }

    private static final Logger log = LoggerFactory.getLogger(ShardReader.class);

    private final AssignedShard shard;
    private final IteratorPosition startPosition;
    private final ReadSettings settings;
    private final ShardFetcher fetcher;
    private final KinesisRecordConverter converter;
    private final ShardMetrics metrics;

    private State state;
    /** The position of the last emitted record; null until one was emitted (or found in the offsets). */
    private ShardOffset position;
    /** Set while the records after a resume inside an aggregate have not been seen yet. */
    private ResumePoint pendingSkip;
    /** The shards that replaced this one, as its end reported them; empty until then. */
    private ShardRecords end;

    /**
     * @param committed     the stored offset, or null
     * @param startPosition where to start without an offset
     */
    ShardReader(AssignedShard shard, ShardOffset committed, IteratorPosition startPosition, ReadSettings settings,
                ShardFetcher fetcher, KinesisRecordConverter converter, ShardMetrics metrics) {
        this.shard = shard;
        this.position = committed;
        this.startPosition = startPosition;
        this.settings = settings;
        this.fetcher = fetcher;
        this.converter = converter;
        this.metrics = metrics;
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
        return fetcher.notBefore();
    }

    ShardOffset position() {
        return position;
    }

    IteratorPosition startPosition() {
        return startPosition;
    }

    /** What the shard's end reported (its child shards); null while the shard is not known to be at its end. */
    ShardRecords end() {
        return end;
    }

    boolean isDue(long now) {
        return state == State.READING && fetcher.isDue(now);
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
     * One fetch, and its records as Connect records.
     *
     * @throws ConnectException when the error is fatal or retries gave up; the message names stream and setting
     */
    List<SourceRecord> read(long now) {
        ShardRecords result = fetcher.fetch(now, this::restart);
        return result == null ? List.of() : accept(result);
    }

    /** The fetcher starts reading anew: from here, and skipping what was emitted of a partly read aggregate. */
    private ResumePoint restart() {
        ResumePoint resume = resumePoint();
        pendingSkip = resume.skipSequence() == null ? null : resume;
        return resume;
    }

    private ResumePoint resumePoint() {
        return position == null ? ResumePoint.at(startPosition) : position.resumePoint(settings.deaggregate());
    }

    private List<SourceRecord> accept(ShardRecords result) {
        List<SourceRecord> out = new ArrayList<>();
        for (Record kinesisRecord : result.records()) {
            convert(kinesisRecord, out);
        }
        metrics.recordResponse(result.dataBytes(), result.millisBehindLatest());
        metrics.recordEmitted(out.size());
        if (result.shardEnded()) {
            if (!out.isEmpty()) {
                position = position.atShardEnd();
                out.set(out.size() - 1, KinesisRecordConverter.withOffset(out.get(out.size() - 1), position));
            }
            end = result;
            fetcher.close();
            state(State.ENDED);
            log.info("Shard {} of stream '{}' is read to its end{}; child shards: {}", shard.shardId(),
                    shard.stream(), out.isEmpty() ? "" : " (marked in the offset of its last record)",
                    result.childShardIds());
        }
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

    /** Releases the fetcher's resources; for the task's stop. */
    void close() {
        fetcher.close();
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

    /** What a fetcher returns for a shard that {@link #isGone}: its end, with no record and no child. */
    static ShardRecords goneShard(AssignedShard shard) {
        log.warn("Shard {} of stream '{}' no longer exists (past the stream's retention); treating it as read to "
                + "its end", shard.shardId(), shard.stream());
        return new ShardRecords(List.of(), null, 0, List.of());
    }

    private void state(State newState) {
        state = newState;
        metrics.state(newState.name());
    }
}
