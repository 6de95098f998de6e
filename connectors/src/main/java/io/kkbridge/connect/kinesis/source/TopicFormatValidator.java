package io.kkbridge.connect.kinesis.source;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/**
 * A Kafka topic name in which {@value #STREAM_PLACEHOLDER} stands for the Kinesis stream name, such as
 * {@code ${stream}.raw}. No other placeholder exists. Without the placeholder every stream goes to the same topic,
 * which is allowed: records of one partition key still keep their order, since a key lives in one stream.
 */
public final class TopicFormatValidator implements ConfigDef.Validator {

    public static final String STREAM_PLACEHOLDER = "${stream}";

    @Override
    public void ensureValid(String name, Object value) {
        String format = value == null ? "" : value.toString();
        String literal = format.replace(STREAM_PLACEHOLDER, "");
        int unknown = literal.indexOf("${");
        if (unknown >= 0) {
            int close = literal.indexOf('}', unknown);
            String placeholder = close < 0 ? literal.substring(unknown) : literal.substring(unknown, close + 1);
            throw new ConfigException(name, value, "unknown placeholder '" + placeholder + "'; the only placeholder is "
                    + STREAM_PLACEHOLDER);
        }
        // A stream name is itself legal in a topic name, so "x" stands in for it to check the rest.
        String problem = TopicNameValidator.problemWith(format.replace(STREAM_PLACEHOLDER, "x"));
        if (problem != null) {
            throw new ConfigException(name, value, "does not make a valid topic name: " + problem);
        }
    }

    /** The topic for {@code stream}. */
    public static String topicFor(String format, String stream) {
        return format.replace(STREAM_PLACEHOLDER, stream);
    }

    @Override
    public String toString() {
        return "a topic name in which " + STREAM_PLACEHOLDER + " stands for the stream name";
    }
}
