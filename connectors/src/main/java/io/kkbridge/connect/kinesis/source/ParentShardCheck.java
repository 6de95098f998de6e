package io.kkbridge.connect.kinesis.source;

import io.kkbridge.connect.aws.AwsCallFailedException;
import io.kkbridge.connect.aws.AwsResource;
import io.kkbridge.connect.aws.ClassifiedError;
import io.kkbridge.connect.aws.ErrorCategory;
import io.kkbridge.connect.kinesis.aggregation.CorruptAggregateException;
import io.kkbridge.connect.kinesis.aggregation.DeaggregatedRecord;
import java.util.Map;
import org.apache.kafka.connect.storage.OffsetStorageReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.kinesis.model.Record;

/**
 * Decides whether a parent shard that another task reads (or nobody) is finished, so that a child shard may start.
 *
 * <p>Connect 3.7 stores an offset only with a record, so a parent whose last GetRecords call returned nothing
 * cannot say "ended" in its offset. The committed offset is the evidence instead: finished when it carries the
 * shard-end marker; otherwise when reading from just after it (from the parent's start position if it has no
 * offset) finds no record and no next iterator. Records are committed only after Kafka acknowledged them, so a
 * finished parent's records are in Kafka before the child's first record is sent.
 *
 * <p>Each check costs up to {@value #MAX_CALLS} GetRecords calls on the parent, hence the task runs it at
 * {@code kinesis.parent.shard.check.interval.ms}, not on every poll.
 */
final class ParentShardCheck {

    static final int PROBE_LIMIT = 100;
    static final int MAX_CALLS = 3;

    private static final Logger log = LoggerFactory.getLogger(ParentShardCheck.class);

    private final KinesisProxy proxy;
    private final OffsetStorageReader offsetReader;
    private final ReadSettings settings;

    ParentShardCheck(KinesisProxy proxy, OffsetStorageReader offsetReader, ReadSettings settings) {
        this.proxy = proxy;
        this.offsetReader = offsetReader;
        this.settings = settings;
    }

    /**
     * @return true when the parent is finished; false when it is not, or that is not known yet (the check is
     *         retried later)
     * @throws AwsCallFailedException for a fatal error, such as denied access
     */
    boolean isFinished(String stream, String parentShardId, IteratorPosition startPosition) {
        Map<String, Object> stored = offsetReader.offset(ShardOffset.partition(stream, parentShardId));
        ShardOffset offset = stored == null ? null : ShardOffset.fromMap(stored);
        if (offset != null && offset.end()) {
            return true;
        }
        ResumePoint resume = offset == null ? ResumePoint.at(startPosition) : offset.resumePoint(settings.deaggregate());
        try {
            String iterator = proxy.getShardIterator(stream, parentShardId, resume.position());
            for (int call = 0; call < MAX_CALLS && iterator != null; call++) {
                ShardRecords result = proxy.getRecords(stream, iterator, PROBE_LIMIT);
                if (hasUnreadRecord(result, resume)) {
                    return false;
                }
                iterator = result.nextShardIterator();
            }
            return iterator == null;
        } catch (RuntimeException e) {
            return onFailure(e, stream, parentShardId);
        }
    }

    private boolean hasUnreadRecord(ShardRecords result, ResumePoint resume) {
        for (Record record : result.records()) {
            if (!record.sequenceNumber().equals(resume.skipSequence())) {
                return true;
            }
            try {
                for (DeaggregatedRecord userRecord : settings.deaggregator().deaggregate(record)) {
                    if (!resume.skips(record.sequenceNumber(), userRecord.subSequenceNumber())) {
                        return true;
                    }
                }
            } catch (CorruptAggregateException e) {
                return false; // cannot happen for an offset with a sub-sequence number: that record was readable
            }
        }
        return false;
    }

    private boolean onFailure(RuntimeException failure, String stream, String parentShardId) {
        if (ShardReader.isExpiredIterator(failure)) {
            return false;
        }
        AwsResource resource = new AwsResource("Kinesis stream '" + stream + "' (parent shard " + parentShardId + ")",
                KinesisSourceConfig.STREAMS_CONFIG);
        ClassifiedError error = settings.classifier().classify(failure, resource);
        if (error.category() == ErrorCategory.RESOURCE_NOT_FOUND && ShardReader.isGone(proxy, stream, parentShardId)) {
            log.info("Parent shard {} of stream '{}' expired past retention: nothing left to wait for", parentShardId,
                    stream);
            return true;
        }
        if (error.retriable()) {
            log.debug("Could not check parent shard {} of stream '{}' yet: {}", parentShardId, stream,
                    error.message());
            return false;
        }
        throw new AwsCallFailedException(error.message(), error, 1);
    }
}
