package io.kkbridge.connect.aws;

import org.apache.kafka.connect.errors.ConnectException;

/**
 * An AWS call failed for good: the error is fatal, or it stayed retriable until the attempts ran out. A
 * {@link ConnectException}, so that a task letting it through fails with the message instead of being retried by
 * the worker.
 */
public class AwsCallFailedException extends ConnectException {

    private static final long serialVersionUID = 1L;

    private final transient ClassifiedError error;
    private final int attempts;

    public AwsCallFailedException(String message, ClassifiedError error, int attempts) {
        super(message, error.cause());
        this.error = error;
        this.attempts = attempts;
    }

    public ClassifiedError error() {
        return error;
    }

    public int attempts() {
        return attempts;
    }
}
