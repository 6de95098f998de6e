package io.kkbridge.connect.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void shouldDoubleTheCeilingWithEachRetryUpToTheMaximum() {
        Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofMillis(1000));

        assertThat(IntStream.rangeClosed(1, 6).mapToObj(backoff::ceiling).map(Duration::toMillis))
                .containsExactly(100L, 200L, 400L, 800L, 1000L, 1000L);
    }

    @Test
    void shouldNotOverflowForVeryHighRetryNumbers() {
        Backoff backoff = new Backoff(Duration.ofMillis(3), Duration.ofSeconds(20));

        assertThat(backoff.ceiling(62)).isEqualTo(Duration.ofSeconds(20));
        assertThat(backoff.ceiling(64)).isEqualTo(Duration.ofSeconds(20));
        assertThat(backoff.ceiling(Integer.MAX_VALUE)).isEqualTo(Duration.ofSeconds(20));
    }

    @Test
    void shouldDrawTheWaitUniformlyBetweenHalfTheCeilingAndTheCeiling() {
        assertThat(new Backoff(Duration.ofMillis(100), Duration.ofMillis(1000), () -> 0.0).delayBeforeRetry(3))
                .isEqualTo(Duration.ofMillis(200));
        assertThat(new Backoff(Duration.ofMillis(100), Duration.ofMillis(1000), () -> 0.5).delayBeforeRetry(3))
                .isEqualTo(Duration.ofMillis(300));
        assertThat(new Backoff(Duration.ofMillis(100), Duration.ofMillis(1000), () -> 0.99999).delayBeforeRetry(3))
                .isEqualTo(Duration.ofMillis(400));
        assertThat(new Backoff(Duration.ofMillis(100), Duration.ofMillis(1000), () -> 0.99999).delayBeforeRetry(9))
                .isEqualTo(Duration.ofMillis(1000));
    }

    @Test
    void shouldKeepRandomWaitsWithinTheCeiling() {
        Backoff backoff = new Backoff(Duration.ofMillis(10), Duration.ofMillis(80));

        for (int retry = 1; retry <= 10; retry++) {
            for (int sample = 0; sample < 200; sample++) {
                assertThat(backoff.delayBeforeRetry(retry))
                        .isBetween(backoff.ceiling(retry).dividedBy(2), backoff.ceiling(retry));
            }
        }
    }

    @Test
    void shouldRejectInvalidBounds() {
        assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofMillis(10)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("backoff needs 0 < base <= max, got base PT0S, max PT0.01S");
        assertThatThrownBy(() -> new Backoff(Duration.ofMillis(20), Duration.ofMillis(10)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Backoff(Duration.ofMillis(10), Duration.ofMillis(20)).ceiling(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("retryNumber starts at 1, got 0");
    }
}
