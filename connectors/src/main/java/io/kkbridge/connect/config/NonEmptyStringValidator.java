package io.kkbridge.connect.config;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/**
 * Rejects an empty or blank value; an unset (null) value passes, so optional keys can use it. A blank value is
 * refused rather than read as "unset" because a template that resolved to nothing (say, a missing secret) should
 * fail loudly, not fall back to other credentials. Works for {@code STRING} and {@code PASSWORD} keys and never
 * puts a password's value into its message.
 */
public final class NonEmptyStringValidator implements ConfigDef.Validator {

    @Override
    public void ensureValid(String name, Object value) {
        if (value == null) {
            return;
        }
        String text = value instanceof Password password ? password.value() : value.toString();
        if (text.isBlank()) {
            throw new ConfigException(name + " must not be empty; remove the setting to leave it unset");
        }
    }

    @Override
    public String toString() {
        return "a non-empty string";
    }
}
