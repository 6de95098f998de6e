package io.kkbridge.connect.aws;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * Exponential backoff with "equal jitter": before retry n the ceiling is {@code c = min(max, base * 2^(n-1))} and
 * the wait is random in [c/2, c]. The random half spreads the retries of many tasks throttled at the same moment
 * instead of having them return together; the fixed half guarantees a real pause (full jitter can draw zero, which
 * retries a throttled call at once and is exactly what a throttled shard does not need).
 */
public final class Backoff {

    private final long baseMillis;
    private final long maxMillis;
    private final DoubleSupplier random;

    public Backoff(Duration base, Duration max) {
        this(base, max, () -> ThreadLocalRandom.current().nextDouble());
    }

    /** @param random values in [0, 1); a fixed source makes the waits predictable in tests */
    Backoff(Duration base, Duration max, DoubleSupplier random) {
        if (base.isNegative() || base.isZero() || max.compareTo(base) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < base <= max, got base " + base + ", max " + max);
        }
        this.baseMillis = base.toMillis();
        this.maxMillis = max.toMillis();
        this.random = random;
    }

    /** The upper bound of the wait before retry {@code retryNumber} (1 for the first retry). */
    public Duration ceiling(int retryNumber) {
        if (retryNumber < 1) {
            throw new IllegalArgumentException("retryNumber starts at 1, got " + retryNumber);
        }
        int doublings = retryNumber - 1;
        // base << doublings overflows long past 62 doublings or once it passes max / 2^doublings
        if (doublings >= Long.SIZE - 1 || baseMillis > (maxMillis >> doublings)) {
            return Duration.ofMillis(maxMillis);
        }
        return Duration.ofMillis(Math.min(maxMillis, baseMillis << doublings));
    }

    public Duration delayBeforeRetry(int retryNumber) {
        long ceilingMillis = ceiling(retryNumber).toMillis();
        long floorMillis = ceilingMillis / 2;
        // +1 so the ceiling itself can be drawn: the range is closed at both ends
        return Duration.ofMillis(floorMillis + (long) (random.getAsDouble() * (ceilingMillis - floorMillis + 1)));
    }
}
