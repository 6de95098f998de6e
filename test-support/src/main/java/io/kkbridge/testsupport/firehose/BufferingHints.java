package io.kkbridge.testsupport.firehose;

import java.time.Duration;

/**
 * Firehose's buffering hints for an S3 destination: an object is delivered when the buffered data reaches
 * {@code sizeInMBs} MiB or its oldest record is {@code intervalInSeconds} old, whichever comes first.
 * The ranges are the API's (1–128 MiB, 0–900 s); 0 s means "deliver at the next check", handy in tests.
 */
public record BufferingHints(int sizeInMBs, int intervalInSeconds) {

    /** Firehose's defaults when a destination gives no buffering hints. */
    public static final BufferingHints DEFAULT = new BufferingHints(5, 300);

    public BufferingHints {
        if (sizeInMBs < 1 || sizeInMBs > 128) {
            throw new IllegalArgumentException("BufferingHints.SizeInMBs must be 1..128, was " + sizeInMBs);
        }
        if (intervalInSeconds < 0 || intervalInSeconds > 900) {
            throw new IllegalArgumentException(
                    "BufferingHints.IntervalInSeconds must be 0..900, was " + intervalInSeconds);
        }
    }

    long sizeThresholdBytes() {
        return sizeInMBs * 1024L * 1024L;
    }

    Duration interval() {
        return Duration.ofSeconds(intervalInSeconds);
    }
}
