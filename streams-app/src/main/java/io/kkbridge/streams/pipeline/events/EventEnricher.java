package io.kkbridge.streams.pipeline.events;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import io.kkbridge.streams.dlq.InvalidRecordException;
import io.kkbridge.streams.pipeline.JsonObjectEnricher;
import io.kkbridge.streams.pipeline.JsonTypes;

/**
 * Enriches a data-lake event: {@code created_datetime} (ISO-8601 UTC from {@code created_at}, Unix seconds as a
 * number or a numeric string, fractions kept), {@code event_type} and {@code event_subtype} (the first and second
 * {@code :}-separated parts of {@code event_name}; the subtype is null for a one-part name). The output key is
 * {@code event_uuid}.
 */
public final class EventEnricher extends JsonObjectEnricher {

    public static final String ROUTE_ENRICHED = "enriched";

    static final String EVENT_UUID = "event_uuid";
    static final String EVENT_NAME = "event_name";
    static final String CREATED_AT = "created_at";
    static final String CREATED_DATETIME = "created_datetime";
    static final String EVENT_TYPE = "event_type";
    static final String EVENT_SUBTYPE = "event_subtype";
    private static final FieldName CREATED_DATETIME_NAME = new FieldName(CREATED_DATETIME);
    private static final FieldName EVENT_TYPE_NAME = new FieldName(EVENT_TYPE);
    private static final FieldName EVENT_SUBTYPE_NAME = new FieldName(EVENT_SUBTYPE);

    /** 9999-12-31T23:59:59Z: the last second with a four-digit ISO-8601 year. */
    static final long MAX_EPOCH_SECOND = 253_402_300_799L;

    private String eventUuid;
    private String eventName;
    private Instant createdAt;

    @Override
    protected void startRecord() {
        eventUuid = null;
        eventName = null;
        createdAt = null;
    }

    @Override
    protected void onField(String name, JsonParser in) throws IOException, InvalidRecordException {
        switch (name) {
            case EVENT_UUID:
                if (eventUuid != null) {
                    throw InvalidRecordException.duplicate(EVENT_UUID);
                }
                eventUuid = JsonTypes.requireText(EVENT_UUID, in);
                break;
            case EVENT_NAME:
                if (eventName != null) {
                    throw InvalidRecordException.duplicate(EVENT_NAME);
                }
                eventName = JsonTypes.requireText(EVENT_NAME, in);
                break;
            case CREATED_AT:
                if (createdAt != null) {
                    throw InvalidRecordException.duplicate(CREATED_AT);
                }
                createdAt = createdAt(in);
                break;
            case CREATED_DATETIME:
            case EVENT_TYPE:
            case EVENT_SUBTYPE:
                // a re-processed event: the fields are derived again and appended, never duplicated
                in.skipChildren();
                dropField();
                break;
            default:
                in.skipChildren();
        }
    }

    private static Instant createdAt(JsonParser in) throws IOException, InvalidRecordException {
        JsonToken token = in.currentToken();
        if (token == JsonToken.VALUE_NUMBER_INT && in.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
            return epochSeconds(in.getLongValue());
        }
        if (token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT) {
            return epochSeconds(in.getDecimalValue());
        }
        if (token == JsonToken.VALUE_STRING) {
            String text = in.getText().strip();
            try {
                return epochSeconds(new BigDecimal(text));
            } catch (NumberFormatException e) {
                throw InvalidRecordException.invalid(CREATED_AT,
                        "must be Unix seconds but is " + JsonTypes.quote(in.getText()));
            }
        }
        throw InvalidRecordException.wrongType(CREATED_AT, "a number or a numeric string (Unix seconds)",
                JsonTypes.describe(token));
    }

    private static Instant epochSeconds(long seconds) throws InvalidRecordException {
        if (seconds < 0 || seconds > MAX_EPOCH_SECOND) {
            throw outOfRange(Long.toString(seconds));
        }
        return Instant.ofEpochSecond(seconds);
    }

    private static Instant epochSeconds(BigDecimal seconds) throws InvalidRecordException {
        if (seconds.signum() < 0 || seconds.compareTo(BigDecimal.valueOf(MAX_EPOCH_SECOND + 1)) >= 0) {
            throw outOfRange(seconds.toPlainString());
        }
        long whole = seconds.longValue();
        long nanos = seconds.subtract(BigDecimal.valueOf(whole)).movePointRight(9).longValue();
        return Instant.ofEpochSecond(whole, nanos);
    }

    private static InvalidRecordException outOfRange(String seconds) {
        return InvalidRecordException.invalid(CREATED_AT,
                "must be between 0 and " + MAX_EPOCH_SECOND + " (year 9999) Unix seconds but is " + seconds);
    }

    @Override
    protected Decision finishRecord(Appender out) throws InvalidRecordException {
        if (eventUuid == null) {
            throw InvalidRecordException.missing(EVENT_UUID);
        }
        if (eventName == null) {
            throw InvalidRecordException.missing(EVENT_NAME);
        }
        if (createdAt == null) {
            throw InvalidRecordException.missing(CREATED_AT);
        }
        int firstColon = eventName.indexOf(':');
        String type = firstColon < 0 ? eventName : eventName.substring(0, firstColon);
        String subtype = null;
        if (firstColon >= 0) {
            int secondColon = eventName.indexOf(':', firstColon + 1);
            subtype = eventName.substring(firstColon + 1, secondColon < 0 ? eventName.length() : secondColon);
        }
        if (type.isBlank() || (subtype != null && subtype.isBlank()) || eventName.endsWith(":")
                || eventName.contains("::")) {
            throw InvalidRecordException.invalid(EVENT_NAME,
                    "has an empty part: " + JsonTypes.quote(eventName) + " (expected type[:subtype[:…]])");
        }
        out.string(CREATED_DATETIME_NAME, DateTimeFormatter.ISO_INSTANT.format(createdAt));
        out.string(EVENT_TYPE_NAME, type);
        out.string(EVENT_SUBTYPE_NAME, subtype);
        return new Decision(eventUuid.getBytes(StandardCharsets.UTF_8), ROUTE_ENRICHED);
    }
}
