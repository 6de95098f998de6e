package io.kkbridge.connect.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/** One of an enum's constant names, case-insensitively; the message lists the allowed values. */
public final class EnumValidator<E extends Enum<E>> implements ConfigDef.Validator {

    private final Class<E> type;

    private EnumValidator(Class<E> type) {
        this.type = type;
    }

    public static <E extends Enum<E>> EnumValidator<E> of(Class<E> type) {
        return new EnumValidator<>(type);
    }

    /** The constant named {@code value}, ignoring case. */
    public E parse(String value) {
        return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
    }

    @Override
    public void ensureValid(String name, Object value) {
        if (value == null) {
            throw new ConfigException(name, null, "must be one of " + allowed());
        }
        try {
            parse(value.toString());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(name, value, "must be one of " + allowed());
        }
    }

    private String allowed() {
        return Arrays.stream(type.getEnumConstants()).map(Enum::name).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return "one of " + allowed();
    }
}
