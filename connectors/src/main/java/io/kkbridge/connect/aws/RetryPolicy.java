package io.kkbridge.connect.aws;

import java.time.Duration;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides whether and when a failed AWS call is tried again: retriable errors (see {@link AwsErrorClassifier}) get
 * up to {@code maxAttempts} tries in total with {@link Backoff} between them; fatal errors end at once.
 *
 * <p>{@link #decide} is for callers that must not block (a source task's {@code poll()}) and schedule the retry
 * themselves; {@link #call} runs the loop and sleeps, for callers that may (a sink's {@code put()}).
 */
public final class RetryPolicy {

    private static final Logger log = LoggerFactory.getLogger(RetryPolicy.class);

    /** Waits between tries; a seam so tests need not sleep. */
    @FunctionalInterface
    interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private final int maxAttempts;
    private final Backoff backoff;
    private final AwsErrorClassifier classifier;
    private final Sleeper sleeper;

    public RetryPolicy(int maxAttempts, Backoff backoff, AwsErrorClassifier classifier) {
        this(maxAttempts, backoff, classifier, duration -> Thread.sleep(duration.toMillis()));
    }

    RetryPolicy(int maxAttempts, Backoff backoff, AwsErrorClassifier classifier, Sleeper sleeper) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
        }
        this.maxAttempts = maxAttempts;
        this.backoff = backoff;
        this.classifier = classifier;
        this.sleeper = sleeper;
    }

    public static RetryPolicy from(AwsSettings settings) {
        AwsSettings.RetrySettings retry = settings.retry();
        return new RetryPolicy(retry.maxAttempts(), new Backoff(retry.baseBackoff(), retry.maxBackoff()),
                new AwsErrorClassifier(settings));
    }

    public int maxAttempts() {
        return maxAttempts;
    }

    /** @param attemptsMade tries so far, the failed one included (1 after the first try failed) */
    public RetryDecision decide(Throwable error, AwsResource resource, int attemptsMade) {
        return decide(classifier.classify(error, resource), attemptsMade);
    }

    /** Same, for an error already classified, such as one failed entry of a batch put. */
    public RetryDecision decide(ClassifiedError error, int attemptsMade) {
        if (!error.retriable()) {
            return RetryDecision.giveUp(error, error.message());
        }
        if (attemptsMade >= maxAttempts) {
            return RetryDecision.giveUp(error, "Gave up after " + attemptsMade + " attempts: " + error.message());
        }
        return RetryDecision.retryAfter(backoff.delayBeforeRetry(attemptsMade), error);
    }

    /**
     * For the data calls of the connectors (GetRecords, PutRecords, PutRecordBatch): throttling is back-pressure from
     * a shard or delivery stream working at its limit, not a failure, so it is retried without limit; the wait grows
     * with the throttles in a row up to the backoff maximum. Other errors are decided as by {@link #decide}.
     *
     * @param throttlesInARow throttled tries in a row, the last one included
     * @param otherAttempts   tries that failed otherwise
     */
    public RetryDecision decideForDataCall(ClassifiedError error, int throttlesInARow, int otherAttempts) {
        if (error.category() == ErrorCategory.THROTTLED) {
            return RetryDecision.retryAfter(backoff.delayBeforeRetry(Math.max(1, throttlesInARow)), error);
        }
        return decide(error, otherAttempts);
    }

    /**
     * Runs {@code awsCall} until it succeeds or the policy gives up.
     *
     * @throws AwsCallFailedException with the classified error, when the policy gives up or the wait is interrupted
     */
    public <T> T call(AwsResource resource, Supplier<T> awsCall) {
        for (int attempt = 1; ; attempt++) {
            try {
                return awsCall.get();
            } catch (RuntimeException e) {
                RetryDecision decision = decide(e, resource, attempt);
                if (!decision.retry()) {
                    throw new AwsCallFailedException(decision.message(), decision.error(), attempt);
                }
                log.debug("Attempt {} of {} failed, retrying in {} ms: {}", attempt, maxAttempts,
                        decision.delay().toMillis(), decision.message());
                pause(decision, attempt);
            }
        }
    }

    private void pause(RetryDecision decision, int attempt) {
        try {
            sleeper.sleep(decision.delay());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AwsCallFailedException("Interrupted while waiting to retry: " + decision.message(),
                    decision.error(), attempt);
        }
    }
}
