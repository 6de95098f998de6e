package io.kkbridge.connect.kinesis.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class TaskAssignmentTest {

    @Test
    void shouldEncodeShardsWithParentsAndNewShardsAsTaskConfigStrings() {
        TaskAssignment assignment = new TaskAssignment(2, List.of(
                new AssignedShard("orders", "shardId-000000000000", List.of()),
                new AssignedShard("orders", "shardId-000000000003", List.of("shardId-000000000001",
                        "shardId-000000000002"))),
                Set.of("orders/shardId-000000000003"));

        Map<String, String> props = assignment.toProps();

        assertThat(props).containsExactlyInAnyOrderEntriesOf(Map.of(
                "kinesis.task.index", "2",
                "kinesis.task.shards", "orders/shardId-000000000000/,"
                        + "orders/shardId-000000000003/shardId-000000000001+shardId-000000000002",
                "kinesis.task.new.shards", "orders/shardId-000000000003"));
        assertThat(TaskAssignment.fromProps(props)).isEqualTo(assignment);
    }

    @Test
    void shouldRefuseATaskConfigWithoutAssignment() {
        assertThatThrownBy(() -> TaskAssignment.fromProps(Map.of("kinesis.task.index", "0")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Task config lacks kinesis.task.index or kinesis.task.shards: it must come from "
                        + "KinesisSourceConnector.taskConfigs");
        assertThatThrownBy(() -> TaskAssignment.fromProps(Map.of("kinesis.task.index", "0",
                "kinesis.task.shards", "orders/shardId-000000000000")))
                .hasMessageEndingWith("entry 'orders/shardId-000000000000' is not stream/shard/parents");
    }
}
