package io.kkbridge.connect.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.kinesis.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;

class RetryPolicyTest {

    private static final AwsResource ORDERS = AwsResource.kinesisStream("orders", "kinesis.stream.names");

    private final AwsErrorClassifier classifier =
            new AwsErrorClassifier(AwsSettingsTest.settings(Map.of("aws.region", "eu-west-1")));
    // random 0.5: each wait is 3/4 of its ceiling (100, 200, 400, 800, 1000 ms ceilings)
    private final Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofMillis(1000), () -> 0.5);
    private final List<Duration> sleeps = new ArrayList<>();

    @AfterEach
    void clearInterrupt() {
        Thread.interrupted();
    }

    @Test
    void shouldRetryThrottlingWithBackoffUntilTheCallSucceeds() {
        RetryPolicy policy = new RetryPolicy(5, backoff, classifier, sleeps::add);
        AtomicInteger calls = new AtomicInteger();

        String result = policy.call(ORDERS, () -> {
            if (calls.incrementAndGet() < 4) {
                throw throttled();
            }
            return "ok";
        });

        assertThat(result).isEqualTo("ok");
        assertThat(calls).hasValue(4);
        assertThat(sleeps).containsExactly(Duration.ofMillis(75), Duration.ofMillis(150), Duration.ofMillis(300));
    }

    @Test
    void shouldGiveUpAfterMaxAttemptsSayingHowManyWereMade() {
        RetryPolicy policy = new RetryPolicy(3, backoff, classifier, sleeps::add);
        AtomicInteger calls = new AtomicInteger();

        assertThatThrownBy(() -> policy.call(ORDERS, () -> {
            calls.incrementAndGet();
            throw throttled();
        }))
                .isInstanceOfSatisfying(AwsCallFailedException.class, e -> {
                    assertThat(e.attempts()).isEqualTo(3);
                    assertThat(e.error().category()).isEqualTo(ErrorCategory.THROTTLED);
                    assertThat(e.getCause()).isInstanceOf(ProvisionedThroughputExceededException.class);
                })
                .hasMessage("Gave up after 3 attempts: Kinesis stream 'orders': throttled by AWS "
                        + "(ProvisionedThroughputExceededException, HTTP 400): Rate exceeded");
        assertThat(calls).hasValue(3);
        assertThat(sleeps).hasSize(2);
    }

    @Test
    void shouldFailAtOnceOnAFatalErrorWithItsMessage() {
        RetryPolicy policy = new RetryPolicy(5, backoff, classifier, sleeps::add);
        AtomicInteger calls = new AtomicInteger();

        assertThatThrownBy(() -> policy.call(ORDERS, () -> {
            calls.incrementAndGet();
            throw notFound();
        }))
                .isInstanceOfSatisfying(AwsCallFailedException.class, e -> {
                    assertThat(e.attempts()).isEqualTo(1);
                    assertThat(e.error().category()).isEqualTo(ErrorCategory.RESOURCE_NOT_FOUND);
                })
                .hasMessage("Kinesis stream 'orders' was not found in region eu-west-1 at the regional AWS endpoint "
                        + "(ResourceNotFoundException, HTTP 400): Stream orders not found. Check kinesis.stream.names "
                        + "and aws.region");
        assertThat(calls).hasValue(1);
        assertThat(sleeps).isEmpty();
    }

    @Test
    void shouldNotRetryWhenOnlyOneAttemptIsAllowed() {
        RetryPolicy policy = new RetryPolicy(1, backoff, classifier, sleeps::add);

        assertThatThrownBy(() -> policy.call(ORDERS, () -> {
            throw throttled();
        })).isInstanceOfSatisfying(AwsCallFailedException.class, e -> assertThat(e.attempts()).isEqualTo(1));
        assertThat(sleeps).isEmpty();
    }

    @Test
    void shouldDecideWithoutBlockingForCallersThatScheduleRetriesThemselves() {
        RetryPolicy policy = new RetryPolicy(3, backoff, classifier, sleeps::add);

        RetryDecision first = policy.decide(throttled(), ORDERS, 1);
        RetryDecision second = policy.decide(throttled(), ORDERS, 2);
        RetryDecision last = policy.decide(throttled(), ORDERS, 3);
        RetryDecision fatal = policy.decide(notFound(), ORDERS, 1);

        assertThat(first.retry()).isTrue();
        assertThat(first.delay()).isEqualTo(Duration.ofMillis(75));
        assertThat(second.delay()).isEqualTo(Duration.ofMillis(150));
        assertThat(last.retry()).isFalse();
        assertThat(last.message()).startsWith("Gave up after 3 attempts: ");
        assertThat(fatal.retry()).isFalse();
        assertThat(fatal.error().category()).isEqualTo(ErrorCategory.RESOURCE_NOT_FOUND);
        assertThat(sleeps).isEmpty();
    }

    @Test
    void shouldDecideOnPerEntryErrorsOfBatchPuts() {
        RetryPolicy policy = new RetryPolicy(3, backoff, classifier, sleeps::add);

        RetryDecision decision = policy.decide(
                classifier.classifyErrorCode("ProvisionedThroughputExceededException", "Rate exceeded", ORDERS), 1);

        assertThat(decision.retry()).isTrue();
        assertThat(decision.delay()).isEqualTo(Duration.ofMillis(75));
    }

    @Test
    void shouldStopAndKeepTheInterruptFlagWhenInterruptedWhileWaiting() {
        RetryPolicy policy = new RetryPolicy(5, backoff, classifier, duration -> {
            throw new InterruptedException();
        });

        assertThatThrownBy(() -> policy.call(ORDERS, () -> {
            throw throttled();
        }))
                .isInstanceOf(AwsCallFailedException.class)
                .hasMessageStartingWith("Interrupted while waiting to retry: Kinesis stream 'orders': throttled");
        assertThat(Thread.currentThread().isInterrupted()).isTrue();
    }

    @Test
    void shouldBuildFromSettings() {
        RetryPolicy policy = RetryPolicy.from(AwsSettingsTest.settings(
                Map.of("aws.region", "eu-west-1", "aws.retry.max.attempts", "7")));

        assertThat(policy.maxAttempts()).isEqualTo(7);
    }

    private static AwsServiceException throttled() {
        return ProvisionedThroughputExceededException.builder()
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("ProvisionedThroughputExceededException")
                        .errorMessage("Rate exceeded").build())
                .statusCode(400).message("Rate exceeded").build();
    }

    private static AwsServiceException notFound() {
        return ResourceNotFoundException.builder()
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("ResourceNotFoundException")
                        .errorMessage("Stream orders not found.").build())
                .statusCode(400).message("Stream orders not found.").build();
    }
}
