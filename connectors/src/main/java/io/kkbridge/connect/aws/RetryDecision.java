package io.kkbridge.connect.aws;

import java.time.Duration;

/**
 * What to do after a failed AWS call.
 *
 * @param delay how long to wait before the next try; meaningful only when {@code retry} is true
 */
public record RetryDecision(boolean retry, Duration delay, ClassifiedError error, String message) {

    static RetryDecision retryAfter(Duration delay, ClassifiedError error) {
        return new RetryDecision(true, delay, error, error.message());
    }

    static RetryDecision giveUp(ClassifiedError error, String message) {
        return new RetryDecision(false, Duration.ZERO, error, message);
    }
}
