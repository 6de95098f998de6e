package io.kkbridge.sandbox.tools.produce;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAccessor;
import java.util.Locale;

import com.fasterxml.jackson.core.JsonGenerator;

/**
 * The JSON type a CSV field becomes (option {@code --type FIELD=TYPE}). Values stay strings unless typed. For every
 * type but {@code string} an empty value becomes JSON {@code null}; a value that does not parse makes the row bad.
 *
 * <ul>
 *   <li>{@code string}: the text as read (after --trim).</li>
 *   <li>{@code integer}: a JSON integer of any size ({@code 007} is written {@code 7}).</li>
 *   <li>{@code decimal}: a JSON number, exact (no binary floating point): {@code 2.50} stays {@code 2.50}.</li>
 *   <li>{@code boolean}: {@code true} or {@code false}, any case.</li>
 *   <li>{@code timestamp}: ISO-8601 in, ISO-8601 UTC out ({@code 2010-12-01T08:26:00Z}); with
 *       {@code timestamp:PATTERN} the input follows a java.time pattern such as {@code M/d/yyyy H:mm}, read in
 *       {@code --zone} unless the pattern has an offset or zone.</li>
 * </ul>
 */
public interface FieldType {

    /** Writes the value; throws {@link IllegalArgumentException} with the reason when it does not parse. */
    void write(JsonGenerator out, String value) throws IOException;

    /** The spec as given, for messages. */
    String spec();

    /** Parses a spec: string, integer, decimal, boolean, timestamp or timestamp:PATTERN. */
    static FieldType parse(String spec, ZoneId zone) {
        String s = spec.trim();
        String lower = s.toLowerCase(Locale.ROOT);
        switch (lower) {
            case "string":
                return STRING;
            case "integer":
                return new Typed(s, (out, v) -> {
                    try {
                        out.writeNumber(new BigInteger(v));
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("'" + v + "' is not an integer");
                    }
                });
            case "decimal":
                return new Typed(s, (out, v) -> {
                    try {
                        out.writeNumber(new BigDecimal(v));
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("'" + v + "' is not a decimal number");
                    }
                });
            case "boolean":
                return new Typed(s, (out, v) -> {
                    if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) {
                        out.writeBoolean(v.equalsIgnoreCase("true"));
                    } else {
                        throw new IllegalArgumentException("'" + v + "' is not true or false");
                    }
                });
            case "timestamp":
                return new Typed(s, (out, v) -> out.writeString(isoTimestamp(v, zone)));
            default:
                if (lower.startsWith("timestamp:")) {
                    String pattern = s.substring("timestamp:".length());
                    DateTimeFormatter formatter;
                    try {
                        formatter = DateTimeFormatter.ofPattern(pattern, Locale.ROOT);
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException("'" + pattern + "' is not a date-time pattern: "
                                + e.getMessage());
                    }
                    return new Typed(s, (out, v) -> out.writeString(patternTimestamp(v, formatter, pattern, zone)));
                }
                throw new IllegalArgumentException("unknown type '" + spec + "' (types: string, integer, decimal, "
                        + "boolean, timestamp, timestamp:PATTERN)");
        }
    }

    FieldType STRING = new FieldType() {
        @Override
        public void write(JsonGenerator out, String value) throws IOException {
            out.writeString(value);
        }

        @Override
        public String spec() {
            return "string";
        }
    };

    /** Writes a value of a non-string type; empty values are null. */
    interface ValueWriter {
        void write(JsonGenerator out, String value) throws IOException;
    }

    /** A non-string type. */
    record Typed(String spec, ValueWriter writer) implements FieldType {
        @Override
        public void write(JsonGenerator out, String value) throws IOException {
            if (value.isEmpty()) {
                out.writeNull();
            } else {
                writer.write(out, value);
            }
        }
    }

    private static String isoTimestamp(String v, ZoneId zone) {
        try {
            return Instant.parse(v).toString();
        } catch (DateTimeParseException e) {
            // not an instant: try the forms with an offset, or without one (in --zone)
        }
        try {
            return OffsetDateTime.parse(v).toInstant().toString();
        } catch (DateTimeParseException e) {
            // next form
        }
        try {
            return LocalDateTime.parse(v).atZone(zone).toInstant().toString();
        } catch (DateTimeParseException e) {
            // next form
        }
        try {
            return LocalDate.parse(v).atStartOfDay(zone).toInstant().toString();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + v + "' is not an ISO-8601 timestamp");
        }
    }

    private static String patternTimestamp(String v, DateTimeFormatter formatter, String pattern, ZoneId zone) {
        TemporalAccessor parsed;
        try {
            parsed = formatter.parseBest(v, ZonedDateTime::from, OffsetDateTime::from, LocalDateTime::from,
                    LocalDate::from);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + v + "' does not match the pattern '" + pattern + "'");
        }
        Instant instant;
        if (parsed instanceof ZonedDateTime z) {
            instant = z.toInstant();
        } else if (parsed instanceof OffsetDateTime o) {
            instant = o.toInstant();
        } else if (parsed instanceof LocalDateTime l) {
            instant = l.atZone(zone).toInstant();
        } else {
            instant = ((LocalDate) parsed).atStartOfDay(zone).toInstant();
        }
        return instant.toString();
    }
}
