package io.kkbridge.connect.kinesis.sink;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.sink.SinkTask;

/**
 * The cross-key rules both AWS sinks share: exactly one of the single-stream and the mapping key, a mapping entry for
 * every topic the connector reads, plus the sink's own rules. Used by the config class (which throws) and by the
 * connector's {@code validate()} (which reports each problem on its key).
 */
public final class SinkConfigRules {

    public static final String TOPICS_CONFIG = SinkTask.TOPICS_CONFIG;

    private final String streamKey;
    private final String mappingKey;
    private final StreamNameValidator streamNameRule;
    private final BiConsumer<Function<String, Object>, Map<String, String>> ownRules;

    /** @param ownRules adds the sink's own problems (key in error → message) */
    public SinkConfigRules(String streamKey, String mappingKey, StreamNameValidator streamNameRule,
                           BiConsumer<Function<String, Object>, Map<String, String>> ownRules) {
        this.streamKey = streamKey;
        this.mappingKey = mappingKey;
        this.streamNameRule = streamNameRule;
        this.ownRules = ownRules;
    }

    /**
     * Key in error → message. Values that failed their own validator are not judged again.
     *
     * @param topics the connector's {@code topics} setting; null with {@code topics.regex}, which cannot be checked
     *               before records arrive
     */
    public Map<String, String> invalidCombinations(Function<String, Object> valueOf, String topics) {
        Map<String, String> problems = new LinkedHashMap<>();
        Object stream = valueOf.apply(streamKey);
        Object mapping = valueOf.apply(mappingKey);
        if (stream != null && mapping != null) {
            String message = "Set only one of " + streamKey + " and " + mappingKey;
            problems.put(streamKey, message);
            problems.put(mappingKey, message);
        } else if (stream == null && mapping == null) {
            String message = "Set " + streamKey + " (one stream for every topic) or " + mappingKey
                    + " (topic:stream entries)";
            problems.put(streamKey, message);
            problems.put(mappingKey, message);
        } else if (mapping instanceof List<?> entries && topics != null) {
            unmappedTopicsProblem(entries, topics, problems);
        }
        ownRules.accept(valueOf, problems);
        return problems;
    }

    private void unmappedTopicsProblem(List<?> entries, String topics, Map<String, String> problems) {
        TopicMapping parsed;
        try {
            parsed = TopicMapping.parse(entries.stream().map(String::valueOf).toList(), streamNameRule);
        } catch (IllegalArgumentException e) {
            return; // the mapping's validator reports it
        }
        List<String> unmapped = parsed.unmapped(Arrays.stream(topics.split(","))
                .map(String::trim).filter(topic -> !topic.isEmpty()).toList());
        if (!unmapped.isEmpty()) {
            problems.put(mappingKey, mappingKey + " has no entry for " + (unmapped.size() == 1 ? "topic " : "topics ")
                    + String.join(", ", unmapped) + " of " + TOPICS_CONFIG);
        }
    }

    /** Adds each problem to its key's value, unless the key already has an error of its own. */
    public void report(List<ConfigValue> values, Map<String, String> props) {
        Map<String, ConfigValue> byName = new LinkedHashMap<>();
        values.forEach(value -> byName.put(value.name(), value));
        invalidCombinations(name -> byName.containsKey(name) ? byName.get(name).value() : null,
                props.get(TOPICS_CONFIG))
                .forEach((name, message) -> {
                    ConfigValue value = byName.get(name);
                    if (value != null && value.errorMessages().isEmpty()) {
                        value.addErrorMessage(message);
                    }
                });
    }
}
