package io.kkbridge.connect.kinesis.sink;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/** A dotted JSON field path such as {@code customer.id}; null (unset) passes, so the key can be optional. */
public final class JsonFieldPathValidator implements ConfigDef.Validator {

    @Override
    public void ensureValid(String name, Object value) {
        if (value == null) {
            return;
        }
        try {
            JsonFieldPath.parse(value.toString());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(name, value, e.getMessage());
        }
    }

    @Override
    public String toString() {
        return "field names separated by dots, such as customer.id";
    }
}
