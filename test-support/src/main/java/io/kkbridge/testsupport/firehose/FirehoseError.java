package io.kkbridge.testsupport.firehose;

/**
 * An error answered in AWS JSON 1.1 form: an HTTP status, {@code x-amzn-ErrorType} and a body
 * {@code {"__type": type, "message": ...}}. Thrown inside the double to end a call; never escapes it.
 */
final class FirehoseError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    static final String RESOURCE_NOT_FOUND = "ResourceNotFoundException";
    static final String RESOURCE_IN_USE = "ResourceInUseException";
    static final String INVALID_ARGUMENT = "InvalidArgumentException";
    static final String SERVICE_UNAVAILABLE = "ServiceUnavailableException";
    static final String INTERNAL_FAILURE = "InternalFailure";
    static final String SERIALIZATION = "SerializationException";
    static final String MISSING_AUTHENTICATION_TOKEN = "MissingAuthenticationTokenException";

    /** Firehose's throttling answer to a whole call, as in {@code PutRecordBatch} responses' per-entry errors. */
    static final String SLOW_DOWN = "Slow down.";

    /**
     * The Firehose service model (shipped in the SDK as the modeled exception's metadata) marks
     * ServiceUnavailableException as a server fault with HTTP 500, so SDKs treat it as retryable like a 5xx.
     */
    static final int SERVICE_UNAVAILABLE_STATUS = 500;

    private final String type;
    private final int httpStatus;

    private FirehoseError(String type, int httpStatus, String message) {
        super(message, null, false, false);
        this.type = type;
        this.httpStatus = httpStatus;
    }

    static FirehoseError resourceNotFound(String message) {
        return new FirehoseError(RESOURCE_NOT_FOUND, 400, message);
    }

    static FirehoseError resourceInUse(String message) {
        return new FirehoseError(RESOURCE_IN_USE, 400, message);
    }

    static FirehoseError invalidArgument(String message) {
        return new FirehoseError(INVALID_ARGUMENT, 400, message);
    }

    static FirehoseError serialization(String message) {
        return new FirehoseError(SERIALIZATION, 400, message);
    }

    static FirehoseError missingAuthenticationToken() {
        return new FirehoseError(MISSING_AUTHENTICATION_TOKEN, 400, "Missing Authentication Token");
    }

    static FirehoseError serviceUnavailable() {
        return new FirehoseError(SERVICE_UNAVAILABLE, SERVICE_UNAVAILABLE_STATUS, SLOW_DOWN);
    }

    static FirehoseError internalFailure(String message) {
        return new FirehoseError(INTERNAL_FAILURE, 500, message);
    }

    String type() {
        return type;
    }

    int httpStatus() {
        return httpStatus;
    }
}
