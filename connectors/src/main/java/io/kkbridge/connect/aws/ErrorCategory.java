package io.kkbridge.connect.aws;

/** What went wrong with an AWS call, and whether trying again can help. */
public enum ErrorCategory {
    THROTTLED(true),
    SERVER_ERROR(true),
    /** I/O failure or timeout before an answer came back. */
    NETWORK(true),
    /** The resource exists but is being created or updated (ResourceInUseException). */
    RESOURCE_BUSY(true),
    /** Credentials missing, invalid or expired, or IAM denies the action. */
    AUTHORIZATION(false),
    RESOURCE_NOT_FOUND(false),
    /** AWS refused the request itself: bad argument, validation, unusable KMS key and other 4xx. */
    INVALID_REQUEST(false),
    /** The SDK failed before reaching AWS for a reason other than I/O, such as no credentials found. */
    CLIENT_ERROR(false),
    /** The calling thread was interrupted, which means the task is stopping. */
    INTERRUPTED(false),
    /** Not an AWS error at all: a bug or an error nobody anticipated; failing beats retrying blindly. */
    UNEXPECTED(false);

    private final boolean retriable;

    ErrorCategory(boolean retriable) {
        this.retriable = retriable;
    }

    public boolean retriable() {
        return retriable;
    }
}
