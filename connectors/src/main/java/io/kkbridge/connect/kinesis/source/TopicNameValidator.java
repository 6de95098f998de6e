package io.kkbridge.connect.kinesis.source;

import java.util.regex.Pattern;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/** A legal Kafka topic name; null (unset) passes so the key can stay optional. */
public final class TopicNameValidator implements ConfigDef.Validator {

    static final int MAX_TOPIC_LENGTH = 249;
    private static final Pattern TOPIC_NAME = Pattern.compile("[a-zA-Z0-9._-]+");

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

    /** Why {@code topic} is not a legal topic name, or null when it is. */
    static String problemWith(String topic) {
        if (topic.isEmpty()) {
            return "a topic name must not be empty";
        }
        if (topic.equals(".") || topic.equals("..")) {
            return "'" + topic + "' is not allowed as a topic name";
        }
        if (topic.length() > MAX_TOPIC_LENGTH) {
            return "topic '" + topic + "' is longer than " + MAX_TOPIC_LENGTH + " characters";
        }
        if (!TOPIC_NAME.matcher(topic).matches()) {
            return "topic '" + topic + "' may only contain letters, digits, '.', '_' and '-'";
        }
        return null;
    }

    @Override
    public String toString() {
        return "a Kafka topic name (letters, digits, '.', '_', '-')";
    }
}
