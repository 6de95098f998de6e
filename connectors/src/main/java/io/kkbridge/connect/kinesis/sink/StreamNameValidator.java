package io.kkbridge.connect.kinesis.sink;

import java.util.regex.Pattern;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/**
 * The name of a Kinesis stream (1 to 128 characters) or a Firehose delivery stream (1 to 64), both of letters,
 * digits, {@code _ . -}. Null (unset) passes, so the key can be optional.
 */
public final class StreamNameValidator implements ConfigDef.Validator {

    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9_.-]+");

    private final String what;
    private final int maxLength;

    private StreamNameValidator(String what, int maxLength) {
        this.what = what;
        this.maxLength = maxLength;
    }

    public static StreamNameValidator kinesisStream() {
        return new StreamNameValidator("Kinesis stream name", 128);
    }

    public static StreamNameValidator firehoseDeliveryStream() {
        return new StreamNameValidator("Firehose delivery stream name", 64);
    }

    /** What is wrong with {@code name}, or null if it is a valid name. */
    public String problemWith(String name) {
        if (name.isEmpty() || name.length() > maxLength) {
            return "a " + what + " has 1 to " + maxLength + " characters, '" + name + "' has " + name.length();
        }
        if (!NAME.matcher(name).matches()) {
            return "'" + name + "' is not a " + what + ": only letters, digits, _ . - are allowed";
        }
        return null;
    }

    @Override
    public void ensureValid(String name, Object value) {
        if (value == null) {
            return;
        }
        String problem = problemWith(value.toString());
        if (problem != null) {
            throw new ConfigException(name, value, problem);
        }
    }

    @Override
    public String toString() {
        return "a " + what + ": 1 to " + maxLength + " letters, digits, _ . -";
    }
}
