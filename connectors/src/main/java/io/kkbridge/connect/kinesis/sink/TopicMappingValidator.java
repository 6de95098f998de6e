package io.kkbridge.connect.kinesis.sink;

import java.util.List;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/** A {@code topic:stream,...} list for a LIST key; null (unset) passes, so the key can be optional. */
public final class TopicMappingValidator implements ConfigDef.Validator {

    private final StreamNameValidator streamNameRule;

    public TopicMappingValidator(StreamNameValidator streamNameRule) {
        this.streamNameRule = streamNameRule;
    }

    @Override
    public void ensureValid(String name, Object value) {
        if (value == null) {
            return;
        }
        List<String> entries = ((List<?>) value).stream().map(String::valueOf).toList();
        try {
            TopicMapping.parse(entries, streamNameRule);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(name, value, e.getMessage());
        }
    }

    @Override
    public String toString() {
        return "topic:stream entries, comma-separated, each topic once";
    }
}
