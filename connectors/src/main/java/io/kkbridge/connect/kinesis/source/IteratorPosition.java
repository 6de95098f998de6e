package io.kkbridge.connect.kinesis.source;

import java.time.Instant;
import java.util.Objects;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/**
 * Where a shard iterator starts: the arguments of GetShardIterator besides stream and shard.
 *
 * @param sequenceNumber set for AT_ and AFTER_SEQUENCE_NUMBER, null otherwise
 * @param timestamp      set for AT_TIMESTAMP, null otherwise
 */
public record IteratorPosition(ShardIteratorType type, String sequenceNumber, Instant timestamp) {

    public IteratorPosition {
        Objects.requireNonNull(type, "type");
        boolean bySequence = type == ShardIteratorType.AT_SEQUENCE_NUMBER
                || type == ShardIteratorType.AFTER_SEQUENCE_NUMBER;
        if (bySequence != (sequenceNumber != null) || (type == ShardIteratorType.AT_TIMESTAMP) != (timestamp != null)) {
            throw new IllegalArgumentException("inconsistent iterator position: " + type + ", sequence number "
                    + sequenceNumber + ", timestamp " + timestamp);
        }
    }

    public static IteratorPosition trimHorizon() {
        return new IteratorPosition(ShardIteratorType.TRIM_HORIZON, null, null);
    }

    public static IteratorPosition latest() {
        return new IteratorPosition(ShardIteratorType.LATEST, null, null);
    }

    public static IteratorPosition atTimestamp(Instant timestamp) {
        return new IteratorPosition(ShardIteratorType.AT_TIMESTAMP, null, timestamp);
    }

    public static IteratorPosition atSequence(String sequenceNumber) {
        return new IteratorPosition(ShardIteratorType.AT_SEQUENCE_NUMBER, sequenceNumber, null);
    }

    public static IteratorPosition afterSequence(String sequenceNumber) {
        return new IteratorPosition(ShardIteratorType.AFTER_SEQUENCE_NUMBER, sequenceNumber, null);
    }

    @Override
    public String toString() {
        return switch (type) {
            case AT_SEQUENCE_NUMBER, AFTER_SEQUENCE_NUMBER -> type + " " + sequenceNumber;
            case AT_TIMESTAMP -> type + " " + timestamp;
            default -> type.toString();
        };
    }
}
