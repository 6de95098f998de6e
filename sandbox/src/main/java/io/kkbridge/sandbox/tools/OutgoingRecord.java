package io.kkbridge.sandbox.tools;

import java.util.Objects;

/**
 * One record to put: where it came from ({@code position}: a line number of the input, or the index of a generated
 * record), its partition key and data, and how many bytes of the input had been read when it was complete (for the
 * progress bar; 0 when there is no input file). Construct only records that pass {@link KinesisLimits#recordProblem}.
 */
public record OutgoingRecord(long position, String partitionKey, byte[] data, long inputOffset) {

    public OutgoingRecord {
        Objects.requireNonNull(partitionKey, "partitionKey");
        Objects.requireNonNull(data, "data");
        String problem = KinesisLimits.recordProblem(partitionKey, data);
        if (problem != null) {
            throw new IllegalArgumentException("record at " + position + ": " + problem);
        }
    }

    /** Bytes counted against the request limit. */
    public int size() {
        return KinesisLimits.recordSize(partitionKey, data);
    }
}
