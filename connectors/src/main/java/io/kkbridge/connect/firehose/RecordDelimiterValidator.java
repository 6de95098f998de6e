package io.kkbridge.connect.firehose;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/** A {@link RecordDelimiter} with valid escapes; empty is allowed (no delimiter), unset is not. */
public final class RecordDelimiterValidator implements ConfigDef.Validator {

    @Override
    public void ensureValid(String name, Object value) {
        if (value == null) {
            throw new ConfigException(name, null, "set a delimiter, or an empty value for none");
        }
        try {
            RecordDelimiter.parse(value.toString());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(name, value, "the delimiter " + e.getMessage());
        }
    }

    @Override
    public String toString() {
        return "text with the escapes \\n \\r \\t \\\\ \\uXXXX, or empty for none";
    }
}
