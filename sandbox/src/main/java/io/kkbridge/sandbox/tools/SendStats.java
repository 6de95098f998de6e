package io.kkbridge.sandbox.tools;

/**
 * What a {@link PutRecordsSender} has done so far.
 *
 * @param recordsTaken    records taken from the source
 * @param recordsSent     records the stream acknowledged
 * @param requests        PutRecords requests made, retries included
 * @param retriedRecords  records sent again after a failed entry or a failed request
 * @param bytesSent       data plus partition keys of the acknowledged records
 * @param elapsedNanos    since the sender started
 * @param lastInputOffset the largest {@link OutgoingRecord#inputOffset()} acknowledged
 */
public record SendStats(long recordsTaken, long recordsSent, long requests, long retriedRecords, long bytesSent,
                        long elapsedNanos, long lastInputOffset) {

    /** Acknowledged records per second since the start. */
    public double recordsPerSecond() {
        return elapsedNanos <= 0 ? 0 : recordsSent * 1e9 / elapsedNanos;
    }
}
