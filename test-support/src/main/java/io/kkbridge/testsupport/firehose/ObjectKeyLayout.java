package io.kkbridge.testsupport.firehose;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.UUID;

/**
 * Firehose's S3 key layout: {@code <prefix>YYYY/MM/dd/HH/<stream>-<version>-<yyyy-MM-dd-HH-mm-ss>-<uuid>}, in UTC.
 * Firehose appends the time part to a custom prefix as is (no slash added), and takes the time from the oldest
 * record in the object.
 */
final class ObjectKeyLayout {

    private static final DateTimeFormatter TIME_PREFIX =
            DateTimeFormatter.ofPattern("yyyy/MM/dd/HH/").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter NAME_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd-HH-mm-ss").withZone(ZoneOffset.UTC);

    private ObjectKeyLayout() {
    }

    static String objectKey(String prefix, String streamName, String versionId, Instant oldestArrival, UUID uuid) {
        return prefix + TIME_PREFIX.format(oldestArrival)
                + streamName + '-' + versionId + '-' + NAME_TIME.format(oldestArrival) + '-' + uuid;
    }
}
