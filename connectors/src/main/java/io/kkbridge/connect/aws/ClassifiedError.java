package io.kkbridge.connect.aws;

/**
 * An AWS failure with its category and a message for people that names the resource and, for fatal errors, the
 * settings to check.
 *
 * @param errorCode  AWS error code, such as {@code ProvisionedThroughputExceededException}; null when AWS gave none
 * @param statusCode HTTP status; 0 when there was no HTTP answer
 * @param cause      the original exception; null for a per-entry error of a batch put
 */
public record ClassifiedError(ErrorCategory category, String errorCode, int statusCode, String message,
                              Throwable cause) {

    public boolean retriable() {
        return category.retriable();
    }
}
