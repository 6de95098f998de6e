package io.kkbridge.sandbox.tools;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads a positive duration: {@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h}, or ISO-8601 such as
 * {@code PT1M30S}. {@link NonNegative} also takes zero.
 */
public class DurationConverter implements ITypeConverter<Duration> {

    private static final Pattern SHORT = Pattern.compile("(\\d+)(ms|s|m|h)");

    /** The same, with {@code 0s} allowed (for "none of it"). */
    public static final class NonNegative extends DurationConverter {
        @Override
        public Duration convert(String value) {
            return parse(value, true);
        }
    }

    @Override
    public Duration convert(String value) {
        return parse(value, false);
    }

    static Duration parse(String value, boolean zeroAllowed) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        Matcher m = SHORT.matcher(v);
        Duration d;
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            d = switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofHours(n);
            };
        } else {
            try {
                d = Duration.parse(value.trim());
            } catch (DateTimeParseException e) {
                throw new TypeConversionException("'" + value + "' is not a duration (e.g. 500ms, 30s, 5m, 2h, PT1M30S)");
            }
        }
        if (d.isNegative() || (d.isZero() && !zeroAllowed)) {
            throw new TypeConversionException("'" + value + "': the duration must be " + (zeroAllowed
                    ? "zero or more" : "positive"));
        }
        return d;
    }
}
