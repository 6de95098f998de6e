package io.kkbridge.connect.kinesis.source;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.ConfigException;

/**
 * The part of a task's config that enhanced fan-out adds, computed by the connector: the consumer's ARN on each
 * stream, so that tasks need no DescribeStreamConsumer calls of their own (20 per second per account), and which
 * of the task's shards were closed when the connector listed them.
 *
 * <p>The closed shards decide which child shards a task may take on when an event announces them: a child of a
 * shard that was open at listing did not exist then, so no task was given it, and the task that reads all its
 * parents can read it right away instead of waiting for the next shard discovery. The child of a closed shard may
 * have gone to another task.
 *
 * <p>{@value #CONSUMER_ARNS_KEY}: comma-separated {@code stream=consumerArn} (neither contains ',' or '=').
 * {@value #CLOSED_SHARDS_KEY}: comma-separated {@code stream/shardId}. Without that key every shard counts as closed.
 */
public record FanOutTaskConfig(Map<String, String> consumerArns, Set<String> closedShardKeys) {

    public static final String CONSUMER_ARNS_KEY = "kinesis.task.consumer.arns";
    public static final String CLOSED_SHARDS_KEY = "kinesis.task.closed.shards";

    public FanOutTaskConfig {
        consumerArns = Map.copyOf(consumerArns);
        closedShardKeys = closedShardKeys == null ? null : Set.copyOf(closedShardKeys);
    }

    public Map<String, String> toProps() {
        Map<String, String> props = new LinkedHashMap<>();
        props.put(CONSUMER_ARNS_KEY, new TreeMap<>(consumerArns).entrySet().stream()
                .map(entry -> entry.getKey() + "=" + entry.getValue()).collect(Collectors.joining(",")));
        if (closedShardKeys != null) {
            props.put(CLOSED_SHARDS_KEY, closedShardKeys.stream().sorted().collect(Collectors.joining(",")));
        }
        return props;
    }

    /** Whether the task may take on the children of this shard; false when the connector did not say. */
    public boolean wasOpenWhenListed(String shardKey) {
        return closedShardKeys != null && !closedShardKeys.contains(shardKey);
    }

    /**
     * Reads what {@link #toProps} wrote; without the keys there are no ARNs (the task looks them up) and every shard
     * counts as closed (the task takes on no child).
     *
     * @throws ConfigException for a malformed entry, which only a hand-edited config can cause
     */
    public static FanOutTaskConfig fromProps(Map<String, String> props) {
        Map<String, String> arns = new LinkedHashMap<>();
        for (String entry : TaskAssignment.split(props.getOrDefault(CONSUMER_ARNS_KEY, ""))) {
            int equals = entry.indexOf('=');
            if (equals <= 0 || equals == entry.length() - 1) {
                throw new ConfigException(CONSUMER_ARNS_KEY, props.get(CONSUMER_ARNS_KEY),
                        "entry '" + entry + "' is not stream=consumerArn");
            }
            arns.put(entry.substring(0, equals), entry.substring(equals + 1));
        }
        String closed = props.get(CLOSED_SHARDS_KEY);
        return new FanOutTaskConfig(arns, closed == null ? null : new LinkedHashSet<>(TaskAssignment.split(closed)));
    }
}
