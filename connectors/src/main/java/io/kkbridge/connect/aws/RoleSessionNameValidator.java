package io.kkbridge.connect.aws;

import java.util.regex.Pattern;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/** STS's rule for a role session name: 2 to 64 characters of letters, digits and {@code +=,.@_-}. */
public final class RoleSessionNameValidator implements ConfigDef.Validator {

    private static final Pattern SESSION_NAME = Pattern.compile("[\\w+=,.@-]{2,64}");

    @Override
    public void ensureValid(String name, Object value) {
        if (value == null || !SESSION_NAME.matcher(value.toString()).matches()) {
            throw new ConfigException(name, value,
                    "a role session name has 2 to 64 characters: letters, digits and + = , . @ _ -");
        }
    }

    @Override
    public String toString() {
        return "2 to 64 characters of letters, digits and + = , . @ _ -";
    }
}
