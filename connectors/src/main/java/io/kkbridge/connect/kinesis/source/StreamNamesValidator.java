package io.kkbridge.connect.kinesis.source;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/** A non-empty list of distinct Kinesis stream names: 1 to 128 characters of letters, digits, '_', '.' and '-'. */
public final class StreamNamesValidator implements ConfigDef.Validator {

    private static final Pattern STREAM_NAME = Pattern.compile("[a-zA-Z0-9_.-]{1,128}");

    @Override
    public void ensureValid(String name, Object value) {
        if (!(value instanceof List<?> streams) || streams.isEmpty()) {
            throw new ConfigException(name, value, "at least one Kinesis stream name is required");
        }
        Set<String> seen = new HashSet<>();
        for (Object stream : streams) {
            String text = String.valueOf(stream);
            if (!STREAM_NAME.matcher(text).matches()) {
                throw new ConfigException(name, value, "'" + text + "' is not a Kinesis stream name: 1 to 128 "
                        + "letters, digits, '_', '.' or '-'");
            }
            if (!seen.add(text)) {
                throw new ConfigException(name, value, "stream '" + text + "' is listed twice");
            }
        }
    }

    @Override
    public String toString() {
        return "a comma-separated list of Kinesis stream names (letters, digits, '_', '.', '-'; at most 128 each)";
    }
}
