package io.kkbridge.connect.kinesis.source;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.ConfigException;

/**
 * The part of a task's config that the connector computes: the task's index and its shards. Encoded as strings
 * because task configs are string maps; stream names and shard ids cannot contain ',', '/' or '+'.
 *
 * <p>{@value #SHARDS_KEY}: comma-separated {@code stream/shardId/parent+parent} (the parent part may be empty).
 * {@value #NEW_SHARDS_KEY}: comma-separated {@code stream/shardId} of the task's shards and their parents that
 * resharding created after the connector started; with {@code kinesis.position=LATEST} such a shard starts at its
 * beginning rather than at its tip, so records written to it before it was read are not skipped.
 *
 * @param newShardKeys {@code stream/shardId} keys, see above
 */
public record TaskAssignment(int taskIndex, List<AssignedShard> shards, Set<String> newShardKeys) {

    public static final String TASK_INDEX_KEY = "kinesis.task.index";
    public static final String SHARDS_KEY = "kinesis.task.shards";
    public static final String NEW_SHARDS_KEY = "kinesis.task.new.shards";

    public TaskAssignment {
        shards = List.copyOf(shards);
        newShardKeys = Set.copyOf(newShardKeys);
    }

    public Map<String, String> toProps() {
        Map<String, String> props = new HashMap<>();
        props.put(TASK_INDEX_KEY, Integer.toString(taskIndex));
        props.put(SHARDS_KEY, shards.stream()
                .map(shard -> shard.stream() + "/" + shard.shardId() + "/" + String.join("+", shard.parentShardIds()))
                .collect(Collectors.joining(",")));
        props.put(NEW_SHARDS_KEY, newShardKeys.stream().sorted().collect(Collectors.joining(",")));
        return props;
    }

    /** @throws ConfigException when the keys are missing or malformed, which only a hand-edited config can cause */
    public static TaskAssignment fromProps(Map<String, String> props) {
        String index = props.get(TASK_INDEX_KEY);
        String shards = props.get(SHARDS_KEY);
        if (index == null || shards == null) {
            throw new ConfigException("Task config lacks " + TASK_INDEX_KEY + " or " + SHARDS_KEY
                    + ": it must come from KinesisSourceConnector.taskConfigs");
        }
        int taskIndex;
        try {
            taskIndex = Integer.parseInt(index);
        } catch (NumberFormatException e) {
            throw new ConfigException(TASK_INDEX_KEY, index, "not a task index");
        }
        List<AssignedShard> assigned = new ArrayList<>();
        for (String entry : split(shards)) {
            String[] parts = entry.split("/", -1);
            if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty()) {
                throw new ConfigException(SHARDS_KEY, shards, "entry '" + entry + "' is not stream/shard/parents");
            }
            List<String> parents = parts[2].isEmpty() ? List.of() : Arrays.asList(parts[2].split("\\+"));
            assigned.add(new AssignedShard(parts[0], parts[1], parents));
        }
        Set<String> newShards = new LinkedHashSet<>(split(props.getOrDefault(NEW_SHARDS_KEY, "")));
        return new TaskAssignment(taskIndex, assigned, newShards);
    }

    static List<String> split(String list) {
        return list.isBlank() ? List.of() : Arrays.stream(list.split(",")).map(String::trim).toList();
    }
}
