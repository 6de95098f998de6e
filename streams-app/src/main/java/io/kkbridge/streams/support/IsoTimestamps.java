package io.kkbridge.streams.support;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * ISO-8601 UTC timestamps with millisecond precision ({@code 2025-01-07T00:50:07.123Z}). The last value is cached:
 * at a hundred thousand records a second most records share their millisecond with the one before.
 */
public final class IsoTimestamps {

    private static final DateTimeFormatter MILLIS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private long lastMillis = Long.MIN_VALUE;
    private String lastText;

    public String format(long epochMillis) {
        if (epochMillis != lastMillis) {
            lastText = MILLIS.format(Instant.ofEpochMilli(epochMillis));
            lastMillis = epochMillis;
        }
        return lastText;
    }
}
