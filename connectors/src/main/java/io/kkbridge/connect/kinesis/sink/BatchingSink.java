package io.kkbridge.connect.kinesis.sink;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTaskContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What both AWS sink tasks do with records, whatever the service: track offsets, skip tombstones, prepare records
 * (bad ones to the {@link BadRecordHandler}), hand them to the {@link PutDispatcher}, rethrow its failure on the
 * task thread, and hold back the consumer when too much is buffered.
 *
 * <p>Null values (tombstones) are skipped: there are no bytes to put, and a delete marker has no meaning for a
 * Kinesis or Firehose consumer. Each is logged at DEBUG and counted; the count is logged when the task stops, and
 * their offsets are committed like those of delivered records.
 *
 * <p>Backpressure: when more than the buffer limit waits for AWS, all assigned partitions are paused (on the task
 * thread, as the consumer requires) and resumed once the buffer is down to half. While paused, the task asks the
 * worker to call {@code put()} again soon, so resuming does not wait for the next offset commit.
 */
public final class BatchingSink {

    /** How soon the worker calls {@code put()} again while the partitions are paused. */
    static final long PAUSED_POLL_TIMEOUT_MS = 100;

    private static final Logger log = LoggerFactory.getLogger(BatchingSink.class);

    /** @param maxBufferedRecords and {@code maxBufferedBytes}: pause the partitions above these */
    public record BufferLimits(int maxBufferedRecords, long maxBufferedBytes) {

        /** Two polls of the consumer at its default max.poll.records. */
        static final int MIN_RECORDS = 1_000;
        static final long MAX_BYTES = 64L * 1024 * 1024;

        /**
         * Room for a full batch per request in flight plus one forming, and at least two polls' worth of records;
         * at most 64 MiB (but always two batches), since a worker runs many tasks.
         */
        public static BufferLimits forBatches(int batchMaxRecords, long batchMaxBytes, int maxInFlightRequests) {
            int records = Math.max(MIN_RECORDS, (maxInFlightRequests + 1) * batchMaxRecords);
            long bytes = Math.max(2 * batchMaxBytes, Math.min(MAX_BYTES, (maxInFlightRequests + 1) * batchMaxBytes));
            return new BufferLimits(records, bytes);
        }
    }

    private final RecordPreparer preparer;
    private final PutDispatcher dispatcher;
    private final AcknowledgedOffsets offsets;
    private final BadRecordHandler badRecords;
    private final SinkTaskContext context;
    private final BufferLimits limits;
    private final Duration flushTimeout;
    private boolean paused;
    private long skippedNullValues;

    public BatchingSink(RecordPreparer preparer, PutDispatcher dispatcher, AcknowledgedOffsets offsets,
                        BadRecordHandler badRecords, SinkTaskContext context, BufferLimits limits,
                       Duration flushTimeout) {
        this.preparer = preparer;
        this.dispatcher = dispatcher;
        this.offsets = offsets;
        this.badRecords = badRecords;
        this.context = context;
        this.limits = limits;
        this.flushTimeout = flushTimeout;
    }

    public void put(Collection<SinkRecord> records) {
        throwIfFailed();
        List<PendingRecord> accepted = new ArrayList<>(records.size());
        for (SinkRecord record : records) {
            AcknowledgedOffsets.Position position = offsets.track(record);
            if (record.value() == null) {
                skippedNullValues++;
                log.debug("Skipping the record at {}: its value is null", position.recordPosition());
                offsets.acknowledge(position);
                continue;
            }
            try {
                accepted.add(new PendingRecord(record, position, preparer.prepare(record)));
            } catch (UnsendableRecordException e) {
                badRecords.handle(record, e);
                offsets.acknowledge(position);
            }
        }
        dispatcher.add(accepted);
        dispatcher.pump();
        applyBackpressure();
    }

    /** Flushes (see {@link PutDispatcher#flush}), then offers the offsets of what AWS acknowledged. */
    public Map<TopicPartition, OffsetAndMetadata> preCommit(Map<TopicPartition, OffsetAndMetadata> currentOffsets) {
        throwIfFailed();
        dispatcher.flush(flushTimeout);
        throwIfFailed();
        return offsets.committable(currentOffsets);
    }

    public void close(Collection<TopicPartition> partitions) {
        int dropped = dispatcher.discard(partitions);
        offsets.forget(partitions);
        if (dropped > 0) {
            log.info("Dropped {} unsent records of closed partitions {}; their next owner sends them", dropped,
                    partitions);
        }
    }

    public void stop() {
        dispatcher.close();
        log.info("Sink stopped: {} records acknowledged in {} requests, {} retried, {} null values skipped, "
                        + "{} reported as errant, {} unsent (not committed, so they will be delivered again)",
                dispatcher.acknowledgedRecords(), dispatcher.requestsSent(), dispatcher.retriedRecords(),
                skippedNullValues, badRecords.reportedCount(), dispatcher.bufferedRecords());
    }

    private void throwIfFailed() {
        ConnectException failure = dispatcher.failure();
        if (failure != null) {
            throw failure;
        }
    }

    /**
     * New partitions follow the current backpressure state. Connect keeps a partition paused across a rebalance when
     * the task paused it before; a partition that comes back while the buffer has room must be resumed, or it would
     * stay paused for good.
     */
    public void open(Collection<TopicPartition> partitions) {
        TopicPartition[] opened = partitions.toArray(new TopicPartition[0]);
        if (paused) {
            context.pause(opened);
        } else {
            context.resume(opened);
        }
    }

    private void applyBackpressure() {
        int records = dispatcher.bufferedRecords();
        long bytes = dispatcher.bufferedBytes();
        Set<TopicPartition> assignment = context.assignment();
        if (!paused && (records >= limits.maxBufferedRecords() || bytes >= limits.maxBufferedBytes())) {
            context.pause(assignment.toArray(new TopicPartition[0]));
            paused = true;
            log.debug("Paused {} partitions: {} records ({} bytes) are waiting for AWS", assignment.size(), records,
                    bytes);
        } else if (paused && !assignment.isEmpty() && records <= limits.maxBufferedRecords() / 2
                && bytes <= limits.maxBufferedBytes() / 2) {
            // with no assignment (mid-rebalance) there is nothing to resume yet: stay paused, open() follows
            context.resume(assignment.toArray(new TopicPartition[0]));
            paused = false;
            log.debug("Resumed {} partitions: {} records ({} bytes) still waiting for AWS", assignment.size(),
                    records, bytes);
        }
        if (paused) {
            context.timeout(PAUSED_POLL_TIMEOUT_MS);
        }
    }

    public long skippedNullValues() {
        return skippedNullValues;
    }

    public boolean paused() {
        return paused;
    }
}
