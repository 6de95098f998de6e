package io.kkbridge.connect.kinesis.sink;

import org.apache.kafka.connect.sink.SinkRecord;

/**
 * A prepared record inside a {@link PutDispatcher}: waiting, in flight, or waiting for a retry, until AWS
 * acknowledges it. The mutable fields belong to the dispatcher and change only under its lock.
 */
public final class PendingRecord {

    private final SinkRecord record;
    private final AcknowledgedOffsets.Position position;
    private final PreparedRecord prepared;

    long sequence;
    long enqueuedNanos;
    /** Tries that failed for a reason other than throttling; these count towards the retry limit. */
    int failedAttempts;
    /** Throttled tries since the last other outcome; throttling is retried without limit. */
    int throttlesInARow;
    long notBeforeNanos;

    PendingRecord(SinkRecord record, AcknowledgedOffsets.Position position, PreparedRecord prepared) {
        this.record = record;
        this.position = position;
        this.prepared = prepared;
    }

    public SinkRecord record() {
        return record;
    }

    AcknowledgedOffsets.Position position() {
        return position;
    }

    public String destination() {
        return prepared.destination();
    }

    /** Null when the record has no ordering constraint. */
    public String orderingKey() {
        return prepared.orderingKey();
    }

    public byte[] data() {
        return prepared.data();
    }

    public int sizeBytes() {
        return prepared.sizeBytes();
    }

    public int failedAttempts() {
        return failedAttempts;
    }

    @Override
    public String toString() {
        return "PendingRecord{" + position.recordPosition() + ", key=" + orderingKey() + ", " + sizeBytes()
                + " bytes, failedAttempts=" + failedAttempts + ", throttlesInARow=" + throttlesInARow + "}";
    }
}
