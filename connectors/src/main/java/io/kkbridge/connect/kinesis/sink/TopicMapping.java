package io.kkbridge.connect.kinesis.sink;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** Parsed {@code topic:stream} entries: which stream each Kafka topic goes to. */
public final class TopicMapping {

    private static final Pattern TOPIC_NAME = Pattern.compile("[a-zA-Z0-9._-]{1,249}");

    private final Map<String, String> streamByTopic;

    private TopicMapping(Map<String, String> streamByTopic) {
        this.streamByTopic = streamByTopic;
    }

    /**
     * @param entries        {@code topic:stream} strings, as a LIST config value gives them
     * @param streamNameRule checks the stream part
     * @throws IllegalArgumentException naming the first bad entry and what is wrong with it
     */
    public static TopicMapping parse(List<String> entries, StreamNameValidator streamNameRule) {
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("the mapping is empty; give topic:stream entries, comma-separated");
        }
        Map<String, String> streamByTopic = new LinkedHashMap<>();
        for (String rawEntry : entries) {
            String entry = rawEntry.trim();
            int colon = entry.lastIndexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("entry '" + entry + "' is not topic:stream");
            }
            String topic = entry.substring(0, colon).trim();
            String stream = entry.substring(colon + 1).trim();
            String topicProblem = topicNameProblem(topic);
            if (topicProblem != null) {
                throw new IllegalArgumentException("entry '" + entry + "': " + topicProblem);
            }
            String streamProblem = streamNameRule.problemWith(stream);
            if (streamProblem != null) {
                throw new IllegalArgumentException("entry '" + entry + "': " + streamProblem);
            }
            if (streamByTopic.putIfAbsent(topic, stream) != null) {
                throw new IllegalArgumentException("topic '" + topic + "' is mapped more than once");
            }
        }
        return new TopicMapping(Map.copyOf(streamByTopic));
    }

    /** Kafka's rule for topic names, or null when {@code topic} follows it. */
    static String topicNameProblem(String topic) {
        if (topic.equals(".") || topic.equals("..") || !TOPIC_NAME.matcher(topic).matches()) {
            return "'" + topic + "' is not a Kafka topic name (1 to 249 letters, digits, . _ -; not . or ..)";
        }
        return null;
    }

    public Optional<String> streamFor(String topic) {
        return Optional.ofNullable(streamByTopic.get(topic));
    }

    /** Topics of {@code topics} that have no entry, in their order. */
    public List<String> unmapped(Collection<String> topics) {
        return topics.stream().filter(topic -> !streamByTopic.containsKey(topic)).toList();
    }

    public Map<String, String> asMap() {
        return streamByTopic;
    }
}
