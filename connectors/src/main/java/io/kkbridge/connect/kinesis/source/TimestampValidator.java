package io.kkbridge.connect.kinesis.source;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/**
 * An ISO-8601 date-time with a zone offset, such as {@code 2024-05-01T08:00:00Z} or
 * {@code 2024-05-01T10:00:00+02:00}; null (unset) passes. A local time without offset is refused: read by a worker
 * in another time zone it would mean another instant.
 */
public final class TimestampValidator implements ConfigDef.Validator {

    @Override
    public void ensureValid(String name, Object value) {
        if (value == null) {
            return;
        }
        try {
            parse(value.toString());
        } catch (DateTimeParseException e) {
            throw new ConfigException(name, value,
                    "not an ISO-8601 date-time with offset, such as 2024-05-01T08:00:00Z");
        }
    }

    public static Instant parse(String text) {
        return OffsetDateTime.parse(text.trim(), DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
    }

    @Override
    public String toString() {
        return "an ISO-8601 date-time with offset, such as 2024-05-01T08:00:00Z";
    }
}
