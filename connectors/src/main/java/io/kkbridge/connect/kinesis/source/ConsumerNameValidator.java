package io.kkbridge.connect.kinesis.source;

import java.util.regex.Pattern;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/**
 * A Kinesis stream consumer name: 1 to 128 letters, digits, '_', '.' or '-'; null (unset) passes, the name is then
 * derived from the connector's name ({@link #fromConnectorName}).
 */
public final class ConsumerNameValidator implements ConfigDef.Validator {

    static final int MAX_LENGTH = 128;
    private static final Pattern CONSUMER_NAME = Pattern.compile("[a-zA-Z0-9_.-]{1," + MAX_LENGTH + "}");
    private static final Pattern NOT_ALLOWED = Pattern.compile("[^a-zA-Z0-9_.-]");

    @Override
    public void ensureValid(String name, Object value) {
        if (value != null && !CONSUMER_NAME.matcher(value.toString()).matches()) {
            throw new ConfigException(name, value, "a Kinesis consumer name is 1 to " + MAX_LENGTH + " letters, "
                    + "digits, '_', '.' or '-'");
        }
    }

    /** The connector's name with every character a consumer name cannot hold replaced by '-', at most 128 long. */
    static String fromConnectorName(String connectorName) {
        String replaced = NOT_ALLOWED.matcher(connectorName).replaceAll("-");
        if (replaced.isEmpty()) {
            return "kinesis-source";
        }
        return replaced.length() <= MAX_LENGTH ? replaced : replaced.substring(0, MAX_LENGTH);
    }

    @Override
    public String toString() {
        return "a Kinesis consumer name (letters, digits, '_', '.', '-'; at most 128)";
    }
}
