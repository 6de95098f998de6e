package io.kkbridge.streams.dlq;

/**
 * A record that cannot be processed because of its content. It is routed to the pipeline's dead-letter topic, it
 * never stops the application. Built without a stack trace: bad input is expected data, not a programming error,
 * and filling traces would cost the throughput of a stream full of bad records.
 */
public final class InvalidRecordException extends Exception {

    private static final long serialVersionUID = 1L;

    private final RejectReason reason;

    public InvalidRecordException(RejectReason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public RejectReason reason() {
        return reason;
    }

    public static InvalidRecordException missing(String field) {
        return new InvalidRecordException(RejectReason.MISSING_FIELD, "required field '" + field + "' is missing");
    }

    public static InvalidRecordException wrongType(String field, String expected, Object actual) {
        return new InvalidRecordException(RejectReason.WRONG_TYPE,
                "field '" + field + "' must be " + expected + " but is " + actual);
    }

    public static InvalidRecordException duplicate(String field) {
        return new InvalidRecordException(RejectReason.MALFORMED_JSON,
                "malformed JSON: Duplicate field '" + field + "': its meaning is ambiguous");
    }

    public static InvalidRecordException invalid(String field, String why) {
        return new InvalidRecordException(RejectReason.INVALID_VALUE, "field '" + field + "' " + why);
    }
}
