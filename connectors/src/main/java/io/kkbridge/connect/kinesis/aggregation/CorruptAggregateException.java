package io.kkbridge.connect.kinesis.aggregation;

/**
 * A Kinesis record starts with the KPL magic but cannot be read as an aggregate. Checked, so that every reader
 * decides what happens to the record (dead-letter it, fail the task) instead of losing it.
 */
public class CorruptAggregateException extends Exception {

    private static final long serialVersionUID = 1L;

    public enum Reason {
        /** Shorter than magic + MD5, so there is no body to check. */
        TRUNCATED,
        /** The trailing MD5 does not match the body: damaged in transit, or plain data that happens to start with the magic. */
        DIGEST_MISMATCH,
        /** The MD5 matches but the body is not a valid protobuf {@code AggregatedRecord}. */
        MALFORMED_PROTOBUF,
        /** A record lacks a field that the format marks required (partition_key_index or data). */
        MISSING_REQUIRED_FIELD,
        PARTITION_KEY_INDEX_OUT_OF_RANGE,
        EXPLICIT_HASH_KEY_INDEX_OUT_OF_RANGE
    }

    private final Reason reason;

    public CorruptAggregateException(Reason reason, String detail) {
        this(reason, detail, null);
    }

    public CorruptAggregateException(Reason reason, String detail, Throwable cause) {
        super("Corrupt KPL aggregated record (" + reason + "): " + detail, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
